import type { JobState } from "@/lib/jobs/job-state";
import { STATE_LABELS, STATE_TONES } from "@/lib/jobs/state-style";
import { Badge } from "./badge";

interface StateBadgeProps {
  state: JobState;
  /** The system's own value, shown beside the canonical one when it says something different. */
  raw?: string | null;
}

export function StateBadge({ state, raw }: StateBadgeProps) {
  const showRaw = raw !== undefined && raw !== null && raw !== state;
  return (
    <span className="inline-flex items-center gap-1.5">
      <Badge tone={STATE_TONES[state]}>{STATE_LABELS[state]}</Badge>
      {showRaw ? <span className="font-mono text-xs text-slate-500">{raw}</span> : null}
      {raw === null ? <span className="text-xs text-slate-400">(no state)</span> : null}
    </span>
  );
}
