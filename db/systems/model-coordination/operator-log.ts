import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { ActionAuthor } from "../../jobs/job-action";
import type { TargetTransaction } from "../../jobs/target-transaction";
import { type Coordination, jsonb } from "./context";

/** The event types Switchyard writes to job_queue_log, beside the coordinator's own. */
export type OperatorEvent = "requeued" | "cancelled" | "unblocked" | "slot_cleared";

/** What every operator event carries in job_queue_log.metadata. */
export function operatorMetadata(author: ActionAuthor): Record<string, unknown> {
  return { source: "switchyard", operator: author.name, reason: author.reason };
}

interface LogValues {
  jobId: SQL;
  /** The coordinator's vocabulary: 'normal' or 'workflow'. */
  jobType: SQL;
  models: SQL;
  metadata: SQL;
}

/**
 * Appends rows to job_queue_log as `insert … select <values> <from>`: one row per row of `from`.
 * Columns the live table lacks (027 variants) are left out; created_at is written explicitly,
 * as the coordinator does.
 */
export async function appendLog(
  tx: TargetTransaction,
  coordination: Coordination,
  event: OperatorEvent,
  values: LogValues,
  from: SQL,
): Promise<void> {
  const live = coordination.log;
  if (!live) return;
  const log = coordination.tables.jobQueueLog;
  const pairs: [AnyColumn, SQL][] = [
    [log.jobId, values.jobId],
    [log.jobType, values.jobType],
    [log.eventType, sql`${event}`],
    [log.models, values.models],
    [log.metadata, values.metadata],
    [log.createdAt, sql`now()`],
  ];
  const present = pairs.filter(([column]) => live.columns.has(column.name));
  await tx.rows(sql`
    insert into ${log} (${sql.join(
      present.map(([column]) => sql.identifier(column.name)),
      sql`, `,
    )})
    select ${sql.join(
      present.map(([, value]) => value),
      sql`, `,
    )}
    ${from}`);
}

/** One event per changed job, read from its row after the change. */
export function logJobs(
  tx: TargetTransaction,
  coordination: Coordination,
  event: OperatorEvent,
  jobIds: readonly string[],
  author: ActionAuthor,
): Promise<void> {
  const { jobs } = coordination.tables;
  return appendLog(
    tx,
    coordination,
    event,
    {
      jobId: sql`cast(${jobs.jobId} as text)`,
      jobType: sql`(case when ${jobs.jobType} = 'workflow' then 'workflow' else 'normal' end)`,
      models: coordination.jobs.columns.has(jobs.requiredModels.name)
        ? sql`${jobs.requiredModels}`
        : sql`null`,
      metadata: jsonb(operatorMetadata(author)),
    },
    sql`from ${jobs} where ${jobs.jobId} in (${ids(jobIds)})`,
  );
}

/**
 * One event per changed workflow execution, under its parent job's id (job_queue_log is keyed by
 * job, so the job's timeline shows it), with the execution's id in metadata.
 */
export function logExecutions(
  tx: TargetTransaction,
  coordination: Coordination,
  event: OperatorEvent,
  executionIds: readonly string[],
  author: ActionAuthor,
): Promise<void> {
  const { workflowExecutions: executions } = coordination.tables;
  const live = coordination.executions?.live;
  return appendLog(
    tx,
    coordination,
    event,
    {
      jobId: sql`cast(coalesce(${executions.jobId}, ${executions.id}) as text)`,
      jobType: sql`'workflow'`,
      models: live?.columns.has(executions.requiredModels.name)
        ? sql`${executions.requiredModels}`
        : sql`null`,
      metadata: sql`${jsonb(operatorMetadata(author))} || jsonb_build_object('execution_id', cast(${executions.id} as text))`,
    },
    sql`from ${executions} where ${executions.id} in (${ids(executionIds)})`,
  );
}

export function ids(values: readonly string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}
