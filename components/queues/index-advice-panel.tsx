import type { IndexAdviceStatus } from "@/db/jobs/index-advice";

interface IndexAdvicePanelProps {
  advice: readonly IndexAdviceStatus[];
}

/** Missing indexes that would make this queue's views fast, with what to run. Nothing when none. */
export function IndexAdvicePanel({ advice }: IndexAdvicePanelProps) {
  const missing = advice.filter((entry) => !entry.present);
  if (missing.length === 0) return null;
  return (
    <details className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <summary className="cursor-pointer font-medium text-slate-800">
        {missing.length === 1 ? "1 index" : `${missing.length} indexes`} would make this queue's
        views faster
      </summary>
      <p className="mt-2 text-xs text-slate-600">
        Switchyard never creates indexes on a target. Run these yourself, at a quiet time; the
        README's Performance section shows what each changed at 10 million jobs.
      </p>
      <ul className="mt-3 space-y-3">
        {missing.map((entry) => (
          <li key={entry.name}>
            <p className="text-slate-700">
              <span className="font-mono text-xs">{entry.name}</span>: {entry.why}
            </p>
            <pre className="mt-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
              {entry.statements.join("\n")}
            </pre>
          </li>
        ))}
      </ul>
    </details>
  );
}
