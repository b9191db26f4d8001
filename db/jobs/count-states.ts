import { type SQL, sql } from "drizzle-orm";
import { emptyCounts, type JobState, type StateCounts } from "@/lib/jobs/job-state";
import type { PostgresConnection, TargetConnection } from "../targets/connect";
import { type Bucket, bucketCase, bucketPredicate, bucketsOf } from "./canonical-sql";
import { queryRows } from "./dialect";
import { estimateRows, tableRowEstimate } from "./estimates";
import type { JobSource } from "./job-source";
import { and, queueExpression, queuePredicate } from "./queue-filter";
import { unknownStatesAbsent } from "./unknown-states";

export interface BucketCount {
  key: string;
  raw: string | null;
  state: JobState;
  /** Why rows of this raw value have this canonical state, for refined buckets. */
  because?: string;
  count: number;
  exact: boolean;
}

export interface QueueCounts {
  counts: StateCounts;
  /** True when every number is counted, false when some are planner estimates. */
  exact: boolean;
  buckets: BucketCount[];
}

/** Tables up to this many rows (by estimate) are counted exactly in one GROUP BY pass. */
export const EXACT_SCAN_LIMIT = 200_000;
/** Above it, each bucket is estimated, and counted exactly (up to this bound) when small. */
const BOUNDED_COUNT_LIMIT = 10_000;

/** Counts per canonical state (and per raw bucket) for each of `queues` of one source. */
export async function countStates(
  connection: TargetConnection,
  source: JobSource,
  queues: readonly string[],
): Promise<Map<string, QueueCounts>> {
  if (
    connection.kind === "sqlite" ||
    (await tableRowEstimate(connection, source)) <= EXACT_SCAN_LIMIT
  ) {
    return exactCounts(connection, source, queues);
  }
  return estimatedCounts(connection, source, queues);
}

async function exactCounts(
  connection: TargetConnection,
  source: JobSource,
  queues: readonly string[],
): Promise<Map<string, QueueCounts>> {
  const rows = await queryRows(
    connection,
    sql`select ${queueExpression(source)} as queue, ${bucketCase(source)} as bucket, count(*) as n
        from ${source.table} group by 1, 2`,
  );
  const buckets = bucketsOf(source);
  const results = new Map<string, QueueCounts>();
  for (const queue of queues) {
    const mine = rows.filter((row) => row.queue === queue);
    const counted = buckets.map((bucket) => {
      const n = Number(mine.find((row) => row.bucket === bucket.key)?.n ?? 0);
      return bucketCount(bucket, n, true);
    });
    results.set(queue, summarize(counted));
  }
  return results;
}

/**
 * Large tables, bucket by bucket (run side by side, as many at once as the target's pool allows):
 * a bucket the planner puts under the bound is counted exactly for every queue in one bounded,
 * grouped pass; a larger one is estimated per queue, and still counted where a queue's share is small.
 */
async function estimatedCounts(
  connection: PostgresConnection,
  source: JobSource,
  queues: readonly string[],
): Promise<Map<string, QueueCounts>> {
  const perBucket = await Promise.all(
    bucketsOf(source).map(async (bucket) => {
      if (bucket.raw === null && (await unknownStatesAbsent(connection, source))) {
        return queues.map(() => bucketCount(bucket, 0, true));
      }
      const where = bucketPredicate(source, bucket);
      if ((await estimateRows(connection, source, where)) <= BOUNDED_COUNT_LIMIT) {
        const counted = await boundedCountsByQueue(connection, source, where);
        if (counted)
          return queues.map((queue) => bucketCount(bucket, counted.get(queue) ?? 0, true));
      }
      return Promise.all(queues.map((queue) => queueBucket(connection, source, bucket, queue)));
    }),
  );
  return new Map(
    queues.map((queue, index) => [
      queue,
      summarize(perBucket.map((counts) => counts[index] as BucketCount)),
    ]),
  );
}

async function queueBucket(
  connection: PostgresConnection,
  source: JobSource,
  bucket: Bucket,
  queue: string,
): Promise<BucketCount> {
  const where = and(queuePredicate(source, queue), bucketPredicate(source, bucket));
  const estimate = await estimateRows(connection, source, where);
  if (estimate > BOUNDED_COUNT_LIMIT) return bucketCount(bucket, estimate, false);
  const exact = await boundedCount(connection, source, where);
  return exact < BOUNDED_COUNT_LIMIT
    ? bucketCount(bucket, exact, true)
    : bucketCount(bucket, Math.max(estimate, exact), false);
}

/** Exact counts per queue of the rows matching `where`, or null when there are too many to count. */
async function boundedCountsByQueue(
  connection: PostgresConnection,
  source: JobSource,
  where: SQL,
): Promise<Map<string, number> | null> {
  const rows = await queryRows(
    connection,
    sql`select queue, count(*) as n from (
          select ${queueExpression(source)} as queue from ${source.table} where ${where}
          limit ${BOUNDED_COUNT_LIMIT}
        ) bounded group by queue`,
  );
  const counts = new Map(rows.map((row) => [String(row.queue), Number(row.n)]));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return total < BOUNDED_COUNT_LIMIT ? counts : null;
}

async function boundedCount(connection: TargetConnection, source: JobSource, where: SQL) {
  const [row] = await queryRows(
    connection,
    sql`select count(*) as n from (select 1 from ${source.table} where ${where} limit ${BOUNDED_COUNT_LIMIT}) bounded`,
  );
  return Number(row?.n ?? 0);
}

function bucketCount(bucket: Bucket, count: number, exact: boolean): BucketCount {
  return {
    key: bucket.key,
    raw: bucket.raw,
    state: bucket.state,
    ...(bucket.refinement ? { because: bucket.refinement.because } : {}),
    count,
    exact,
  };
}

function summarize(buckets: BucketCount[]): QueueCounts {
  const counts = emptyCounts();
  for (const bucket of buckets) counts[bucket.state] += bucket.count;
  return { counts, exact: buckets.every((bucket) => bucket.exact), buckets };
}
