import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { aliased, type Coordination, finishedRaw, presentOr, recordedIdAs } from "./context";
import { EXECUTION_STATES, JOB_STATES } from "./states";

/**
 * What a recorded blocker id (blocked_by_job_id) names, as correlated SQL: a job first, then a
 * workflow execution (the coordinator blocks behind both), as lookup.ts finds it for the page.
 */
export interface BlockerSql {
  /** A job or execution with this id that has not finished (an unknown or NULL state counts as not finished). */
  live: SQL;
  /** Any job or execution with this id. */
  exists: SQL;
  /** 'job', 'workflow execution', or NULL when no row has the id. */
  kind: SQL;
  /** The blocker's raw state. */
  state: SQL;
  /** When the blocker finished: a job's completed_at (else updated_at), an execution's last write. */
  finishedAt: SQL;
}

const JOB = "blocker_job";
const NO_TIME = sql`cast(null as timestamptz)`;
const EXECUTION = "blocker_execution";

function inList(column: SQL, values: readonly string[]): SQL {
  return sql`${column} in (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

export function blockerOf(coordination: Coordination, recorded: SQL | AnyColumn): BlockerSql {
  const { jobs, workflowExecutions: executions } = coordination.tables;
  const jobRow = (select: SQL, extra?: SQL) =>
    sql`(select ${select} from ${jobs} as ${sql.identifier(JOB)}
         where ${aliased(JOB, jobs.jobId)} = ${recordedIdAs(coordination.jobsIdKind, recorded)}
         ${extra ? sql`and ${extra}` : sql``})`;
  const jobStatus = aliased(JOB, jobs.status);
  const jobLive = sql`(${jobStatus} is null or not ${inList(jobStatus, finishedRaw(JOB_STATES))})`;
  const jobTime = (column: AnyColumn) =>
    coordination.jobs.columns.has(column.name) ? aliased(JOB, column) : NO_TIME;
  const jobFinishedAt = sql`coalesce(${jobTime(jobs.completedAt)}, ${jobTime(jobs.updatedAt)})`;

  const live = [sql`exists ${jobRow(sql`1`, jobLive)}`];
  const exists = [sql`exists ${jobRow(sql`1`)}`];
  const kind = [sql`when exists ${jobRow(sql`1`)} then 'job'`];
  const state = [jobRow(jobStatus)];
  const finishedAt = [jobRow(jobFinishedAt)];

  const execution = coordination.executions;
  if (execution) {
    const executionRow = (select: SQL, extra?: SQL) =>
      sql`(select ${select} from ${executions} as ${sql.identifier(EXECUTION)}
           where ${aliased(EXECUTION, executions.id)} = ${recordedIdAs(execution.idKind, recorded)}
           ${extra ? sql`and ${extra}` : sql``})`;
    const executionStatus = aliased(EXECUTION, executions.status);
    const executionLive = sql`(${executionStatus} is null or not ${inList(
      executionStatus,
      finishedRaw(EXECUTION_STATES),
    )})`;
    const lastWrite = execution.live.columns.has(executions.updatedAt.name)
      ? aliased(EXECUTION, executions.updatedAt)
      : NO_TIME;
    live.push(sql`exists ${executionRow(sql`1`, executionLive)}`);
    exists.push(sql`exists ${executionRow(sql`1`)}`);
    kind.push(sql`when exists ${executionRow(sql`1`)} then 'workflow execution'`);
    state.push(executionRow(executionStatus));
    finishedAt.push(executionRow(lastWrite));
  }
  return {
    live: sql`(${sql.join(live, sql` or `)})`,
    exists: sql`(${sql.join(exists, sql` or `)})`,
    kind: sql`(case ${sql.join(kind, sql` `)} end)`,
    state: sql`coalesce(${sql.join(state, sql`, `)})`,
    finishedAt: sql`coalesce(${sql.join(finishedAt, sql`, `)})`,
  };
}

/** When a blocked job entered the queue: queued_at (027), else created_at. */
export function queuedSince(coordination: Coordination): SQL {
  const { jobs } = coordination.tables;
  return sql`coalesce(${presentOr(coordination.jobs, jobs.queuedAt)}, ${jobs.createdAt})`;
}
