import { RelativeTime } from "@/components/ui/relative-time";
import type { TimelineEntry } from "@/db/jobs/get-job";

interface JobTimelineProps {
  entries: TimelineEntry[];
  source: string | null;
}

/** The job's past as its system recorded it, oldest first. */
export function JobTimeline({ entries, source }: JobTimelineProps) {
  if (source === null) {
    return (
      <p className="text-sm text-slate-500">This system keeps no history table for its jobs.</p>
    );
  }
  if (entries.length === 0) {
    return <p className="text-sm text-slate-500">No entries in {source} for this job.</p>;
  }
  return (
    <ol className="relative ml-2 border-l border-slate-200 text-sm">
      {entries.map((entry, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries are ordered history rows without ids
        <li key={index} className="mb-2 ml-4">
          <span className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-slate-400" />
          <div className="flex flex-wrap items-baseline gap-x-3">
            <RelativeTime date={entry.at} />
            {entry.state ? <span className="font-mono text-slate-800">{entry.state}</span> : null}
            {entry.event ? <span className="font-mono text-slate-800">{entry.event}</span> : null}
            {Object.entries(entry.details)
              .filter(([, value]) => value !== null && value !== undefined && value !== "")
              .map(([key, value]) => (
                <span key={key} className="text-xs text-slate-500">
                  {key}: <span className="font-mono">{summarize(value)}</span>
                </span>
              ))}
          </div>
        </li>
      ))}
    </ol>
  );
}

function summarize(value: unknown): string {
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
