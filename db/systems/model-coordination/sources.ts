import { type SQL, sql } from "drizzle-orm";
import type { Refinement } from "@/lib/jobs/state-mapping";
import type { CatalogTable } from "../../catalog/snapshot";
import type { HistorySource, JobSource } from "../../jobs/job-source";
import type { Detection } from "../adapter";
import { declaredStatesOf, idKindOf, ifPresent } from "../catalog-match";
import { executionActions, jobActions } from "./actions";
import { coordinationOf } from "./context";
import { type ModelCoordinationTables, modelCoordinationTables } from "./schema";
import { EXECUTION_STATES, EXECUTIONS_SOURCE, JOB_STATES, JOBS_SOURCE } from "./states";
import { executionStuckRules, jobStuckRules } from "./stuck-rules";

export { EXECUTIONS_SOURCE, JOBS_SOURCE } from "./states";

/** Pending with a blocker named: the coordinator holds it back (only where 027 added the column). */
function blockedWhen(live: CatalogTable, column: { name: string }): Refinement<SQL>[] {
  if (!live.columns.has(column.name)) return [];
  return [
    {
      from: ["pending"],
      to: "blocked",
      when: sql`${column} is not null`,
      because: "pending with blocked_by_job_id set",
    },
  ];
}

export function modelCoordinationSources(detection: Detection): JobSource[] {
  const tables = modelCoordinationTables(detection.schema);
  const coordination = coordinationOf(detection);
  const sources: JobSource[] = [];
  const jobs = detection.tables.jobs;
  if (jobs && coordination) {
    const source = jobsSource(tables, jobs, detection.tables.job_queue_log);
    sources.push({
      ...source,
      actions: jobActions(coordination),
      stuckRules: jobStuckRules(coordination, source),
    });
  }
  const executions = detection.tables.workflow_executions;
  if (executions && coordination) {
    const source = executionsSource(tables, executions);
    sources.push({
      ...source,
      actions: executionActions(coordination),
      stuckRules: executionStuckRules(coordination, source),
    });
  }
  return sources;
}

function jobsSource(
  { jobs, jobQueueLog }: ModelCoordinationTables,
  live: CatalogTable,
  log: CatalogTable | undefined,
): JobSource {
  return {
    id: JOBS_SOURCE,
    label: "Jobs",
    table: jobs,
    columns: {
      id: jobs.jobId,
      state: jobs.status,
      queue: jobs.jobType,
      type: ifPresent(live, jobs.model),
      createdAt: jobs.createdAt,
      startedAt: ifPresent(live, jobs.startedAt),
      finishedAt: ifPresent(live, jobs.completedAt),
      error: ifPresent(live, jobs.errorMessage),
      payload: ifPresent(live, jobs.metadata),
    },
    states: { raw: JOB_STATES, refinements: blockedWhen(live, jobs.blockedByJobId) },
    queues: { kind: "column" },
    declaredStates: declaredStatesOf(live, "status"),
    idKind: idKindOf(live, "job_id"),
    notes: {
      payload:
        "metadata: the request's parameters (priority, provider, seed, input image, workflow id); the prompt is its own column.",
      result:
        "No result column: a finished job's output is in image_url, video_url and thumbnail_url, shown with the job's fields.",
      finishedAt:
        "completed_at is written for completed and failed jobs only: jobs cancelled by their user have no finish time and are not in throughput (a cancel from Switchyard writes completed_at = now).",
      attempts:
        "jobs records no attempt count; a workflow's retries are counted in workflow_executions.retry_count.",
      runAfter:
        "pending_retry records no due time: the workflow manager retries after a backoff counted from the execution's updated_at.",
    },
    ...(log ? { history: jobHistory(jobQueueLog, log) } : {}),
  };
}

/** job_queue_log.job_id is TEXT (jobs.job_id is uuid): rows match the id's text form. */
function jobHistory(
  log: ModelCoordinationTables["jobQueueLog"],
  live: CatalogTable,
): HistorySource {
  const details = Object.fromEntries(
    [log.blockedByJobId, log.conflictReason, log.models, log.metadata]
      .filter((column) => live.columns.has(column.name))
      .map((column) => [column.name, column]),
  );
  return {
    table: log,
    jobId: log.jobId,
    at: log.createdAt,
    event: log.eventType,
    details,
    label: "Coordinator events (job_queue_log)",
  };
}

function executionsSource(
  { workflowExecutions: executions }: ModelCoordinationTables,
  live: CatalogTable,
): JobSource {
  return {
    id: EXECUTIONS_SOURCE,
    label: "Workflow executions",
    table: executions,
    columns: {
      id: executions.id,
      state: executions.status,
      type: ifPresent(live, executions.workflowId),
      createdAt: executions.createdAt,
      attempts: ifPresent(live, executions.retryCount),
      error: ifPresent(live, executions.errorInfo),
      payload: ifPresent(live, executions.checkpoints),
    },
    states: {
      raw: EXECUTION_STATES,
      refinements: blockedWhen(live, executions.blockedByJobId),
    },
    queues: { kind: "single", name: EXECUTIONS_SOURCE },
    declaredStates: declaredStatesOf(live, "status"),
    idKind: idKindOf(live, "id"),
    notes: {
      startedAt: "No start time here: the parent job's started_at has it.",
      finishedAt:
        "No finish time: workflow_executions has no completed_at and updated_at moves on every write, so there is no throughput here (see Jobs, queue workflow).",
      error: "error_info is JSON (error_type, message, step, model), shown as JSON text.",
      payload: "checkpoints: the workflow's input and each completed step's output, by step index.",
    },
  };
}
