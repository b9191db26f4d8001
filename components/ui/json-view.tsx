interface JsonViewProps {
  value: unknown;
  /** Nesting levels shown open; deeper objects start collapsed. */
  openDepth?: number;
}

/** Collapsible, pretty JSON without client code: objects and arrays are <details> elements. */
export function JsonView({ value, openDepth = 2 }: JsonViewProps) {
  return (
    <div className="overflow-x-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
      <Node value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

interface NodeProps {
  value: unknown;
  depth: number;
  openDepth: number;
}

function Node({ value, depth, openDepth }: NodeProps) {
  if (value === null || value === undefined) return <span className="text-slate-400">null</span>;
  if (typeof value === "string")
    return <span className="break-all text-emerald-300">{JSON.stringify(value)}</span>;
  if (typeof value === "number" || typeof value === "bigint")
    return <span className="text-sky-300">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-amber-300">{String(value)}</span>;
  if (value instanceof Date)
    return <span className="text-emerald-300">{JSON.stringify(value.toISOString())}</span>;

  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return <span>{`${open}${close}`}</span>;
  return (
    <details open={depth < openDepth} className="inline">
      <summary className="inline cursor-pointer select-none text-slate-400 marker:content-none">
        {open}
        <span className="ml-1 text-slate-500">
          {entries.length} {Array.isArray(value) ? "items" : "keys"}
        </span>
      </summary>
      <div className="ml-4">
        {entries.map(([key, item]) => (
          <div key={key}>
            {Array.isArray(value) ? null : (
              <span className="text-violet-300">{JSON.stringify(key)}: </span>
            )}
            <Node value={item} depth={depth + 1} openDepth={openDepth} />
          </div>
        ))}
      </div>
      <span className="text-slate-400">{close}</span>
    </details>
  );
}
