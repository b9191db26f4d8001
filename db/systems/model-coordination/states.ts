import type { JobState } from "@/lib/jobs/job-state";

export const JOBS_SOURCE = "jobs";
export const EXECUTIONS_SOURCE = "workflow_executions";

/** jobs.status, as the project's CHECK constraint allows it. */
export const JOB_STATES: Readonly<Record<string, JobState>> = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
  pending_retry: "scheduled",
};

/** workflow_executions.status (no cancelled: a cancelled workflow is cancelled on its job). */
export const EXECUTION_STATES: Readonly<Record<string, JobState>> = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  pending_retry: "scheduled",
};
