import Link from "next/link";
import { BulkButton } from "@/components/bulk/bulk-button";
import { JobActionButton } from "@/components/jobs/job-action-button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { StuckGroupData } from "@/db/queries/stuck-groups";
import { formatCount } from "@/lib/format";
import { ACTION_LABELS } from "@/lib/jobs/actions";
import type { Result } from "@/lib/result";
import { jobHref, queueHref, stuckHref } from "@/lib/urls";

interface StuckGroupProps {
  group: StuckGroupData;
  /** How many jobs to list; the rest are a link away. */
  shown: number;
  act: (input: unknown) => Promise<Result<{ state: string | null }>>;
  start: (input: unknown) => Promise<Result<{ operationId: string; total: number }>>;
}

/** The jobs of one queue stuck for one reason: why each is stuck, and the suggested fix. */
export function StuckGroup({ group, shown, act, start }: StuckGroupProps) {
  const { action } = group;
  const jobs = group.jobs.slice(0, shown);
  return (
    <section
      aria-label={`${group.code} in ${group.queue}`}
      className="border-t border-slate-100 pt-3 first:border-0 first:pt-0"
    >
      <div className="mb-1.5 flex flex-wrap items-center gap-x-3 gap-y-1">
        <Link
          href={queueHref(group.target, group.system, group.queue)}
          className="font-mono text-sm text-sky-800 hover:underline"
        >
          {group.queue}
        </Link>
        <span className="text-xs text-slate-500">
          {group.target} · {group.system}
          {group.source !== group.queue ? ` · ${group.source}` : ""}
        </span>
        <span className="text-sm font-medium tabular-nums text-red-800">
          {formatCount(group.count, group.exact ? "exact" : "lower-bound")} stuck
        </span>
        {action && group.bulk && group.count > 1 ? (
          <BulkButton
            label={`${ACTION_LABELS[action.code]} all ${formatCount(group.count, group.exact ? "exact" : "lower-bound")}`}
            describe={`the jobs of ${group.queue} stuck as ${group.code}`}
            request={{
              target: group.target,
              system: group.system,
              source: group.source,
              queue: group.queue,
              action: action.code,
              filter: {},
              stuck: group.code,
            }}
            start={start}
          />
        ) : null}
      </div>
      <table className="w-full text-sm">
        <thead className="sr-only">
          <tr>
            <th>Job</th>
            <th>Why it is stuck</th>
            <th>Since</th>
            <th>Fix</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={`${job.source}:${job.jobId}`} className="align-baseline">
              <td className="w-0 whitespace-nowrap py-1 pr-3">
                <Link
                  href={jobHref(job.target, job.system, job.jobId, job.source)}
                  className="font-mono text-xs text-sky-800 hover:underline"
                >
                  {job.jobId}
                </Link>
              </td>
              <td className="py-1 pr-3 text-slate-800">{job.explanation}</td>
              <td className="w-0 whitespace-nowrap py-1 pr-3 text-xs text-slate-500">
                <RelativeTime date={job.since} />
              </td>
              <td className="w-0 whitespace-nowrap py-1 text-right">
                {action ? (
                  <JobActionButton
                    job={{
                      target: job.target,
                      system: job.system,
                      source: job.source,
                      jobId: job.jobId,
                      seenState: job.rawState,
                      seenVersion: job.version,
                    }}
                    action={action.code}
                    label={ACTION_LABELS[action.code]}
                    writes={action.writes}
                    act={act}
                    size="small"
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreJobs group={group} shown={jobs.length} />
    </section>
  );
}

/** What is not listed: a link to the full list, and what even that leaves out. */
function MoreJobs({ group, shown }: { group: StuckGroupData; shown: number }) {
  const found = group.jobs.length;
  const count = formatCount(group.count, group.exact ? "exact" : "lower-bound");
  if (shown >= group.count) return null;
  return (
    <p className="mt-1 text-xs text-slate-500">
      {shown < found ? (
        <Link
          href={stuckHref({
            target: group.target,
            system: group.system,
            queue: group.queue,
            reason: group.code,
          })}
          className="text-sky-800 hover:underline"
        >
          Show {found === group.count ? `all ${count}` : `the ${formatCount(found)} longest-stuck`}
        </Link>
      ) : (
        `The ${formatCount(found)} longest-stuck of ${count} are listed`
      )}
      {found < group.count && group.action && group.bulk
        ? `; ${ACTION_LABELS[group.action.code]} all covers every one of them.`
        : "."}
    </p>
  );
}
