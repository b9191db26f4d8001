import clsx from "clsx";
import Link from "next/link";
import { Sparkline } from "@/components/ui/sparkline";
import type { QueueHealth } from "@/db/queries/queue-health";
import { formatCount, formatDuration } from "@/lib/format";
import { JOB_STATES, type JobState } from "@/lib/jobs/job-state";
import { STATE_LABELS } from "@/lib/jobs/state-style";
import {
  failureRate,
  failureSeverity,
  SEVERITY_TEXT,
  waitingSeverity,
} from "@/lib/queues/health-signals";
import { queueHref, stuckHref } from "@/lib/urls";

interface QueueTableProps {
  queues: QueueHealth[];
  /** Name each queue's table, for systems with more than one. */
  showSource: boolean;
  /** Stuck jobs per queue (all reasons), by `${target}/${system}/${queue}`. */
  stuck: ReadonlyMap<string, { count: number; codes: readonly string[] }>;
}

const ALARMING: Partial<Record<JobState, string>> = {
  failed: "text-red-700",
  blocked: "text-amber-700 font-medium",
  unknown: "text-amber-700 font-medium",
};

/** One row per queue: counts per canonical state (each a link to the filtered list) and activity. */
export function QueueTable({ queues, showSource, stuck }: QueueTableProps) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[64rem] table-fixed text-sm">
        <colgroup>
          <col className="w-[14%]" />
          {JOB_STATES.map((state) => (
            <col key={state} className="w-[6.3%]" />
          ))}
          <col className="w-[5%]" />
          <col className="w-[8%]" />
          <col className="w-[13%]" />
          <col className="w-[6rem]" />
        </colgroup>
        <thead>
          <tr className="border-b border-slate-200 text-left text-[11px] font-medium tracking-tight text-slate-500">
            <th className="py-1.5 pr-3">Queue</th>
            {JOB_STATES.map((state) => (
              <th key={state} className="px-1 py-1.5 text-right">
                {STATE_LABELS[state]}
              </th>
            ))}
            <th className="px-1.5 py-1.5 text-right">Stuck</th>
            <th className="px-1.5 py-1.5 text-right">Oldest waiting</th>
            <th
              className="px-1.5 py-1.5 text-right"
              title="Finished in the last hour (failed, share)"
            >
              Last hour
            </th>
            <th className="py-1.5 pl-2">Throughput</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <QueueRow
              key={`${queue.source}:${queue.queue}`}
              queue={queue}
              showSource={showSource}
              stuck={stuck.get(`${queue.target}/${queue.system}/${queue.queue}`)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface QueueRowProps {
  queue: QueueHealth;
  showSource: boolean;
  stuck: { count: number; codes: readonly string[] } | undefined;
}

function QueueRow({ queue, showSource, stuck }: QueueRowProps) {
  const { activity } = queue;
  const rate = failureRate(activity.finishedLastHour, activity.failedLastHour);
  const accuracy = queue.countsExact ? "exact" : "estimate";
  return (
    <tr className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
      <th scope="row" className="truncate py-1.5 pr-3 text-left font-normal">
        <Link
          href={queueHref(queue.target, queue.system, queue.queue)}
          className="font-mono text-sky-800 hover:underline"
        >
          {queue.queue}
        </Link>
        {showSource && queue.source !== queue.queue ? (
          <span className="ml-2 text-xs text-slate-400">{queue.sourceLabel}</span>
        ) : null}
      </th>
      {JOB_STATES.map((state) => {
        const count = queue.counts[state];
        return (
          <td key={state} className="px-1.5 py-1.5 text-right tabular-nums">
            {count === 0 ? (
              <span className="text-slate-300">·</span>
            ) : (
              <Link
                href={queueHref(queue.target, queue.system, queue.queue, { state })}
                aria-label={`${STATE_LABELS[state]} in ${queue.queue}: ${count}`}
                className={clsx("hover:underline", ALARMING[state])}
              >
                {formatCount(count, accuracy)}
              </Link>
            )}
          </td>
        );
      })}
      <td className="px-1.5 py-1.5 text-right tabular-nums">
        {stuck && stuck.count > 0 ? (
          <Link
            href={stuckHref({ target: queue.target, system: queue.system, queue: queue.queue })}
            title={stuck.codes.join(", ")}
            aria-label={`Stuck in ${queue.queue}: ${stuck.count}`}
            className="font-semibold text-red-700 hover:underline"
          >
            {formatCount(stuck.count)}
          </Link>
        ) : (
          <span className="text-slate-300">·</span>
        )}
      </td>
      <td
        className={clsx(
          "whitespace-nowrap px-1.5 py-1.5 text-right tabular-nums",
          SEVERITY_TEXT[waitingSeverity(activity.oldestWaitingSeconds)],
        )}
      >
        {activity.oldestWaitingSeconds === null ? (
          <span className="text-slate-300">—</span>
        ) : (
          formatDuration(activity.oldestWaitingSeconds)
        )}
      </td>
      <td className="whitespace-nowrap px-1.5 py-1.5 text-right tabular-nums">
        {activity.finishedLastHour === null ? (
          <span className="text-xs text-slate-400" title={queue.notes.finishedAt}>
            not recorded
          </span>
        ) : (
          <>
            {formatCount(activity.finishedLastHour)}
            {activity.failedLastHour ? (
              <span className={clsx("ml-1", SEVERITY_TEXT[failureSeverity(rate)])}>
                ({formatCount(activity.failedLastHour)} failed
                {rate === null ? "" : `, ${Math.round(rate * 100)}%`})
              </span>
            ) : null}
          </>
        )}
      </td>
      <td className="py-1.5 pl-2">
        {activity.throughput ? (
          <Sparkline
            points={activity.throughput}
            label={`Finished per 5 minutes over the last hour in ${queue.queue}`}
          />
        ) : null}
      </td>
    </tr>
  );
}
