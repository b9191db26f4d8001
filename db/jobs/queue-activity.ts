import { sql } from "drizzle-orm";
import { FINISHED_STATES } from "@/lib/jobs/job-state";
import type { TargetConnection } from "../targets/connect";
import { canonicalCase, canonicalPredicate } from "./canonical-sql";
import { dialectOf, queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { and, queueExpression } from "./queue-filter";

export interface QueueActivity {
  /** Seconds the oldest ready, waiting job has waited (since created, or since due when later). */
  oldestWaitingSeconds: number | null;
  /** Jobs that reached a final state in the last hour; null when the system records no finish time. */
  finishedLastHour: number | null;
  failedLastHour: number | null;
  /** Finished and failed jobs per 5-minute slot over the last hour, oldest first (12 slots). */
  throughput: { finished: number; failed: number }[] | null;
}

const HOUR = 3600;
export const SLOT_SECONDS = 300;
const SLOTS = HOUR / SLOT_SECONDS;

/** Waiting age and last-hour throughput for every queue of one source, in two grouped queries. */
export async function queueActivity(
  connection: TargetConnection,
  source: JobSource,
): Promise<Map<string, QueueActivity>> {
  const dialect = dialectOf(connection);
  const { createdAt, runAfter, finishedAt } = source.columns;
  const readySince = runAfter ? dialect.later(createdAt, runAfter) : sql`${createdAt}`;
  const waiting = await queryRows(
    connection,
    sql`select ${queueExpression(source)} as queue,
               ${dialect.nowEpoch} - min(${dialect.epoch(readySince)}) as age
        from ${source.table} where ${canonicalPredicate(source, "waiting")} group by 1`,
  );

  const results = new Map<string, QueueActivity>();
  const entry = (queue: string) => {
    let activity = results.get(queue);
    if (!activity) {
      activity = idleActivity(source);
      results.set(queue, activity);
    }
    return activity;
  };
  for (const row of waiting) {
    entry(String(row.queue)).oldestWaitingSeconds = Math.max(0, Number(row.age));
  }
  if (!finishedAt) return results;

  const finished = await queryRows(
    connection,
    sql`select ${queueExpression(source)} as queue,
               floor((${dialect.epoch(finishedAt)} - (${dialect.nowEpoch} - ${HOUR})) / ${SLOT_SECONDS}) as slot,
               ${canonicalCase(source)} as state, count(*) as n
        from ${source.table}
        where ${and(
          dialect.within(finishedAt, HOUR),
          sql.join(
            FINISHED_STATES.map((state) => canonicalPredicate(source, state)),
            sql` or `,
          ),
        )}
        group by 1, 2, 3`,
  );
  for (const row of finished) {
    const activity = entry(String(row.queue));
    const n = Number(row.n);
    const slot = Math.min(SLOTS - 1, Math.max(0, Number(row.slot)));
    const failed = row.state === "failed";
    activity.finishedLastHour = (activity.finishedLastHour ?? 0) + n;
    if (failed) activity.failedLastHour = (activity.failedLastHour ?? 0) + n;
    const bucket = activity.throughput?.[slot];
    if (bucket) {
      bucket.finished += n;
      if (failed) bucket.failed += n;
    }
  }
  return results;
}

/** An activity record for a queue with no waiting and no recent jobs. */
export function idleActivity(source: JobSource): QueueActivity {
  const tracked = source.columns.finishedAt !== undefined;
  return {
    oldestWaitingSeconds: null,
    finishedLastHour: tracked ? 0 : null,
    failedLastHour: tracked ? 0 : null,
    throughput: tracked ? Array.from({ length: SLOTS }, () => ({ finished: 0, failed: 0 })) : null,
  };
}
