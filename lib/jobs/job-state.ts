/** The canonical job model every adapter maps its system's raw states to (DESIGN.md). */
export const JOB_STATES = [
  "waiting",
  "scheduled",
  "running",
  "blocked",
  "failed",
  "succeeded",
  "cancelled",
  "skipped",
  "unknown",
] as const;

export type JobState = (typeof JOB_STATES)[number];

export function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

/** States a job can still leave on its own; the rest are final. */
export const ACTIVE_STATES: readonly JobState[] = ["waiting", "scheduled", "running", "blocked"];
export const FINISHED_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled", "skipped"];

export type StateCounts = Record<JobState, number>;

export function emptyCounts(): StateCounts {
  return Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as StateCounts;
}
