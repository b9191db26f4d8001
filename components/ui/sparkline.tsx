interface SparklineProps {
  /** Oldest first. */
  points: { finished: number; failed: number }[];
  label: string;
}

const WIDTH = 72;
const HEIGHT = 20;

/** Finished jobs per slot as bars, the failed share of each bar in red. */
export function Sparkline({ points, label }: SparklineProps) {
  const max = Math.max(1, ...points.map((point) => point.finished));
  const slot = WIDTH / Math.max(1, points.length);
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="inline-block align-middle"
    >
      <title>{label}</title>
      <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="stroke-slate-200" />
      {points.map((point, index) => {
        const total = (point.finished / max) * (HEIGHT - 1);
        const failed = (point.failed / max) * (HEIGHT - 1);
        const x = index * slot + 0.5;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: slots are positional and fixed in number
          <g key={index}>
            <rect
              x={x}
              y={HEIGHT - 1 - total}
              width={slot - 1}
              height={total}
              className="fill-slate-400"
            />
            <rect
              x={x}
              y={HEIGHT - 1 - failed}
              width={slot - 1}
              height={failed}
              className="fill-red-500"
            />
          </g>
        );
      })}
    </svg>
  );
}
