import clsx from "clsx";

interface StatusDotProps {
  ok: boolean;
  label: string;
}

/** A coloured dot with its meaning for screen readers and tooltips. */
export function StatusDot({ ok, label }: StatusDotProps) {
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={clsx(
        "inline-block size-2.5 shrink-0 rounded-full",
        ok ? "bg-emerald-500" : "bg-red-500 ring-4 ring-red-100",
      )}
    />
  );
}
