import type { JobAction, UnsupportedAction } from "@/db/jobs/job-action";
import { ACTION_LABELS, type ActionCode } from "@/lib/jobs/actions";
import { JOB_STATES } from "@/lib/jobs/job-state";
import type { Result } from "@/lib/result";
import { JobActionButton, type JobActionTarget } from "./job-action-button";

interface JobActionsPanelProps {
  job: JobActionTarget;
  supported: readonly JobAction[];
  unsupported: readonly UnsupportedAction[];
  applicable: ReadonlySet<ActionCode>;
  /** Why the caller cannot act at all (role, read-only target), or null. */
  blockedBecause: string | null;
  act: (input: unknown) => Promise<Result<{ state: string | null }>>;
}

/** The actions on this job: buttons where they apply, and why the others are not offered. */
export function JobActionsPanel({
  job,
  supported,
  unsupported,
  applicable,
  blockedBecause,
  act,
}: JobActionsPanelProps) {
  if (supported.length === 0 && unsupported.length === 0) {
    return <p className="text-sm text-slate-500">This system offers no actions on its jobs.</p>;
  }
  const order = (from: readonly string[]) =>
    JOB_STATES.filter((state) => from.includes(state)).join(", ");
  return (
    <div className="flex flex-col gap-3 text-sm">
      {blockedBecause ? <p className="text-slate-600">{blockedBecause}</p> : null}
      {!blockedBecause && supported.some((action) => applicable.has(action.code)) ? (
        <div className="flex flex-wrap gap-2">
          {supported
            .filter((action) => applicable.has(action.code))
            .map((action) => (
              <JobActionButton
                key={action.code}
                job={job}
                action={action.code}
                label={ACTION_LABELS[action.code]}
                writes={action.writes}
                act={act}
              />
            ))}
        </div>
      ) : null}
      <ul className="list-disc pl-5 text-xs text-slate-500">
        {supported
          .filter((action) => !applicable.has(action.code))
          .map((action) => (
            <li key={action.code}>
              {ACTION_LABELS[action.code]}: not for a job in this state (applies to{" "}
              {order(action.from)}
              {action.when ? ", when its condition holds" : ""}).
            </li>
          ))}
        {unsupported.map((action) => (
          <li key={action.code}>
            {ACTION_LABELS[action.code]}: {action.why}
          </li>
        ))}
      </ul>
    </div>
  );
}
