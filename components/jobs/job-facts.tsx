import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { JobRecord } from "@/db/jobs/get-job";
import { formatDuration } from "@/lib/format";

interface JobFactsProps {
  job: JobRecord;
}

/** The canonical facts of a job, whichever system it comes from; absent ones are left out. */
export function JobFacts({ job }: JobFactsProps) {
  const began = job.startedAt ?? job.createdAt;
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-4">
      <Fact label="Queue">
        <span className="font-mono">{job.queue}</span>
      </Fact>
      {job.type ? (
        <Fact label="Type">
          <span className="font-mono">{job.type}</span>
        </Fact>
      ) : null}
      <Fact label="Created">
        <RelativeTime date={job.createdAt} />
      </Fact>
      {job.startedAt ? (
        <Fact label="Started">
          <RelativeTime date={job.startedAt} />
        </Fact>
      ) : null}
      {job.finishedAt ? (
        <Fact label="Finished">
          <RelativeTime date={job.finishedAt} />
        </Fact>
      ) : null}
      {job.finishedAt && began ? (
        <Fact label="Took">
          {formatDuration((job.finishedAt.getTime() - began.getTime()) / 1000)}
        </Fact>
      ) : null}
      {job.runAfter ? (
        <Fact label="Due">
          <RelativeTime date={job.runAfter} />
        </Fact>
      ) : null}
      {job.attempts !== null ? (
        <Fact label="Attempts">
          {job.attempts}
          {job.maxAttempts === null ? "" : ` of ${job.maxAttempts}`}
        </Fact>
      ) : null}
      {job.leaseOwner ? (
        <Fact label="Lease owner">
          <span className="font-mono">{job.leaseOwner}</span>
        </Fact>
      ) : null}
      {job.leaseExpiresAt ? (
        <Fact label="Lease expires">
          <RelativeTime date={job.leaseExpiresAt} />
        </Fact>
      ) : null}
      {job.heartbeatAt ? (
        <Fact label="Last heartbeat">
          <RelativeTime date={job.heartbeatAt} />
        </Fact>
      ) : null}
    </dl>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
