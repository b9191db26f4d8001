import { type SQL, sql } from "drizzle-orm";
import type { JobState } from "@/lib/jobs/job-state";
import { type StateBucket, stateBuckets, UNKNOWN_BUCKET_KEY } from "@/lib/jobs/state-mapping";
import type { JobSource } from "./job-source";

/** Every raw value the mapping knows. */
export function knownRawStates(source: JobSource): string[] {
  const refined = (source.states.refinements ?? []).flatMap((refinement) => refinement.from);
  return [...new Set([...Object.keys(source.states.raw), ...refined])];
}

function inList(column: unknown, values: readonly string[]): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/** Rows of one counting bucket: its raw value, its refinement, and none of the earlier ones. */
export function bucketPredicate(source: JobSource, bucket: StateBucket<SQL>): SQL {
  const state = source.columns.state;
  if (bucket.raw === null) return unknownPredicate(source);
  const parts = [sql`${state} = ${bucket.raw}`];
  if (bucket.refinement) parts.push(sql`(${bucket.refinement.when})`);
  for (const earlier of bucket.excluded) parts.push(sql`not coalesce((${earlier.when}), false)`);
  return sql.join(parts, sql` and `);
}

function unknownPredicate(source: JobSource): SQL {
  const state = source.columns.state;
  return sql`(${state} is null or not ${inList(state, knownRawStates(source))})`;
}

export interface Bucket extends StateBucket<SQL> {}

/** The mapping's buckets plus the one for values it does not know. */
export function bucketsOf(source: JobSource): Bucket[] {
  return [
    ...stateBuckets(source.states),
    { key: UNKNOWN_BUCKET_KEY, raw: null, state: "unknown", excluded: [] },
  ];
}

/** Rows whose canonical state is `state`, as a predicate on the raw column (index-friendly). */
export function canonicalPredicate(source: JobSource, state: JobState): SQL {
  const parts = bucketsOf(source)
    .filter((bucket) => bucket.state === state)
    .map((bucket) => sql`(${bucketPredicate(source, bucket)})`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** A CASE expression giving each row's canonical state, for selecting it with the row. */
export function canonicalCase(source: JobSource): SQL {
  const state = source.columns.state;
  const branches: SQL[] = [];
  for (const refinement of source.states.refinements ?? []) {
    branches.push(
      sql`when ${inList(state, refinement.from)} and coalesce((${refinement.when}), false) then ${refinement.to}`,
    );
  }
  for (const [raw, canonical] of Object.entries(source.states.raw)) {
    branches.push(sql`when ${state} = ${raw} then ${canonical}`);
  }
  return sql`(case ${sql.join(branches, sql` `)} else 'unknown' end)`;
}

/** The key of each row's counting bucket, for grouping exact counts in one pass. */
export function bucketCase(source: JobSource): SQL {
  const branches = bucketsOf(source)
    .filter((bucket) => bucket.raw !== null)
    .map((bucket) => sql`when ${bucketPredicate(source, bucket)} then ${bucket.key}`);
  return sql`(case ${sql.join(branches, sql` `)} else ${UNKNOWN_BUCKET_KEY} end)`;
}
