import { RelativeTime } from "@/components/ui/relative-time";
import type { StuckJob } from "@/db/stuck/find-stuck";
import { ACTION_LABELS, type ActionCode } from "@/lib/jobs/actions";
import { STUCK_LABELS } from "@/lib/stuck/stuck-codes";

interface JobStuckReasonsProps {
  reasons: readonly StuckJob[];
  /** The actions the job's system offers; a suggestion it does not offer is left out. */
  offered: readonly ActionCode[];
}

/** At the top of a job page: each rule that finds this job stuck, why, and the suggested fix. */
export function JobStuckReasons({ reasons, offered }: JobStuckReasonsProps) {
  if (reasons.length === 0) return null;
  return (
    <section
      aria-label="Stuck"
      className="rounded-lg bg-red-50 p-4 text-sm text-red-950 ring-1 ring-inset ring-red-200"
    >
      <h2 className="mb-1 font-semibold">Stuck</h2>
      <ul className="flex flex-col gap-1">
        {reasons.map((reason) => (
          <li key={reason.code}>
            <span className="font-medium">{STUCK_LABELS[reason.code]}:</span> {reason.explanation}
            <span className="text-red-900/70">
              {" "}
              (since <RelativeTime date={reason.since} />)
            </span>
            {reason.suggestedAction && offered.includes(reason.suggestedAction) ? (
              <span className="text-red-900/80">
                {" "}
                Suggested: {ACTION_LABELS[reason.suggestedAction]}.
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
