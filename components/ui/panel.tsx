import type { ReactNode } from "react";

interface PanelProps {
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}

export function Panel({ title, children, aside }: PanelProps) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="mb-3 flex items-baseline justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
