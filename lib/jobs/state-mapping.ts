import type { JobState } from "./job-state";

/**
 * How a system's raw state values become canonical states. Refinements are checked first, in
 * order: they cover mappings that depend on more than the state column (a `pending` job with
 * `blocked_by_job_id` set is blocked). `when` is a condition the adapter writes in SQL.
 */
export interface StateMapping<Condition> {
  raw: Readonly<Record<string, JobState>>;
  refinements?: readonly Refinement<Condition>[];
}

export interface Refinement<Condition> {
  /** Raw states the refinement applies to. */
  from: readonly string[];
  to: JobState;
  when: Condition;
  /** Shown to operators: why these rows are not their raw state's usual canonical state. */
  because: string;
}

/**
 * A counting bucket: a raw value, optionally narrowed by a refinement, and the canonical state
 * its rows have. The buckets of a mapping partition every row exactly once (plus one bucket
 * for unknown values).
 */
export interface StateBucket<Condition> {
  key: string;
  raw: string | null;
  state: JobState;
  refinement?: Refinement<Condition>;
  /** Refinements checked before this bucket that also apply to its raw value (excluded from it). */
  excluded: readonly Refinement<Condition>[];
}

export const UNKNOWN_BUCKET_KEY = "unknown";

export function stateBuckets<Condition>(
  mapping: StateMapping<Condition>,
): StateBucket<Condition>[] {
  const refinements = mapping.refinements ?? [];
  const buckets: StateBucket<Condition>[] = [];
  refinements.forEach((refinement, index) => {
    for (const raw of refinement.from) {
      buckets.push({
        key: `${raw}#${index}`,
        raw,
        state: refinement.to,
        refinement,
        excluded: refinements.slice(0, index).filter((earlier) => earlier.from.includes(raw)),
      });
    }
  });
  for (const [raw, state] of Object.entries(mapping.raw)) {
    buckets.push({
      key: raw,
      raw,
      state,
      excluded: refinements.filter((refinement) => refinement.from.includes(raw)),
    });
  }
  return buckets;
}
