import { type SQL, sql } from "drizzle-orm";
import { emptyCounts, type JobState, type StateCounts } from "@/lib/jobs/job-state";
import type { PostgresConnection, TargetConnection } from "../targets/connect";
import { type Bucket, bucketCase, bucketPredicate, bucketsOf } from "./canonical-sql";
import { queryRows } from "./dialect";
import { estimateRows, tableRowEstimate } from "./estimates";
import type { JobSource } from "./job-source";
import { and, queueExpression, queuePredicate } from "./queue-filter";

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
  const results = new Map<string, QueueCounts>();
  for (const queue of queues) results.set(queue, await estimatedCounts(connection, source, queue));
  return results;
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

async function estimatedCounts(
  connection: PostgresConnection,
  source: JobSource,
  queue: string,
): Promise<QueueCounts> {
  const counted: BucketCount[] = [];
  for (const bucket of bucketsOf(source)) {
    const where = and(queuePredicate(source, queue), bucketPredicate(source, bucket));
    const estimate = await estimateRows(connection, source, where);
    if (estimate > BOUNDED_COUNT_LIMIT) {
      counted.push(bucketCount(bucket, estimate, false));
      continue;
    }
    const exact = await boundedCount(connection, source, where);
    counted.push(
      exact < BOUNDED_COUNT_LIMIT
        ? bucketCount(bucket, exact, true)
        : bucketCount(bucket, Math.max(estimate, exact), false),
    );
  }
  return summarize(counted);
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
