import Link from "next/link";
import { SelectAllJobs, SelectJob } from "@/components/bulk/bulk-selection";
import { RelativeTime } from "@/components/ui/relative-time";
import { StateBadge } from "@/components/ui/state-badge";
import type { JobSummary } from "@/db/jobs/list-jobs";
import { formatDuration } from "@/lib/format";
import { jobHref } from "@/lib/urls";

interface JobTableProps {
  jobs: JobSummary[];
  target: string;
  system: string;
  /** Set when the system has several job tables, so links say which one the id belongs to. */
  sourceId?: string;
  /** Which optional columns this system records; the others are not shown as empty columns. */
  shows: { type: boolean; started: boolean; finished: boolean; attempts: boolean };
  /** Tick boxes for bulk actions (inside a BulkSelection). */
  selectable?: boolean;
}

export function JobTable({
  jobs,
  target,
  system,
  sourceId,
  shows,
  selectable = false,
}: JobTableProps) {
  if (jobs.length === 0) return <p className="py-6 text-sm text-slate-500">No jobs match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-medium text-slate-500">
            {selectable ? (
              <th className="w-8 py-1.5">
                <SelectAllJobs ids={jobs.map((job) => job.id)} />
              </th>
            ) : null}
            <th className="py-1.5 pr-3">Job</th>
            <th className="py-1.5 pr-3">State</th>
            {shows.type ? <th className="py-1.5 pr-3">Type</th> : null}
            <th className="py-1.5 pr-3">Created</th>
            {shows.started ? <th className="py-1.5 pr-3">Started</th> : null}
            {shows.finished ? <th className="py-1.5 pr-3">Finished</th> : null}
            {shows.finished ? (
              <th
                className="py-1.5 pr-3 text-right"
                title={shows.started ? "Finished − started" : "Finished − created"}
              >
                Took
              </th>
            ) : null}
            {shows.attempts ? <th className="py-1.5 text-right">Attempts</th> : null}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} className="border-b border-slate-100 hover:bg-slate-50">
              {selectable ? (
                <td className="py-1.5">
                  <SelectJob id={job.id} />
                </td>
              ) : null}
              <td className="py-1.5 pr-3">
                <Link
                  href={jobHref(target, system, job.id, sourceId)}
                  className="font-mono text-xs text-sky-800 hover:underline"
                >
                  {job.id}
                </Link>
              </td>
              <td className="py-1.5 pr-3">
                <StateBadge state={job.state} raw={job.rawState} />
              </td>
              {shows.type ? (
                <td className="py-1.5 pr-3 font-mono text-xs">{job.type ?? "—"}</td>
              ) : null}
              <td className="py-1.5 pr-3">
                <RelativeTime date={job.createdAt} />
              </td>
              {shows.started ? (
                <td className="py-1.5 pr-3">
                  <RelativeTime date={job.startedAt} />
                </td>
              ) : null}
              {shows.finished ? (
                <td className="py-1.5 pr-3">
                  <RelativeTime date={job.finishedAt} />
                </td>
              ) : null}
              {shows.finished ? (
                <td className="py-1.5 pr-3 text-right tabular-nums text-slate-600">{took(job)}</td>
              ) : null}
              {shows.attempts ? (
                <td className="py-1.5 text-right tabular-nums">{job.attempts ?? ""}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function took(job: JobSummary): string {
  const began = job.startedAt ?? job.createdAt;
  return job.finishedAt && began
    ? formatDuration((job.finishedAt.getTime() - began.getTime()) / 1000)
    : "";
}
