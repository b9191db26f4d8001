import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { Refinement } from "@/lib/jobs/state-mapping";
import type { CatalogTable } from "../../catalog/snapshot";
import type { HistorySource, JobColumns, JobSource } from "../../jobs/job-source";
import type { Detection } from "../adapter";
import { declaredStatesOf, idKindOf, ifPresent } from "../catalog-match";
import { marieActions } from "./actions";
import { type MarieTables, marieTables } from "./schema";
import { marieStuckRules } from "./stuck-rules";
import { tableAlias } from "./table-alias";

/** Raw `job_state` → canonical state, before the refinements below. */
export const MARIE_STATES = {
  created: "waiting",
  retry: "waiting",
  active: "running",
  completed: "succeeded",
  expired: "failed",
  cancelled: "cancelled",
  failed: "failed",
} as const;

/** The tables of a detection, built for its schema and the live shape of its job table. */
export function marieTablesOf(detection: Detection): MarieTables {
  const live = detection.tables.job;
  return marieTables(detection.schema, {
    createdOnNotNull: live?.columns.get("created_on")?.nullable === false,
  });
}

/** States a job waits in before it runs. */
const PENDING = ["created", "retry"];

/** Marie's one job table: queues are the LIST partition key `name`. */
export function marieJobSource(detection: Detection): JobSource | undefined {
  const live = detection.tables.job;
  if (!live) return undefined;
  const tables = marieTablesOf(detection);
  const { job } = tables;
  const leaseOwner = ifPresent(live, job.leaseOwner);
  const history = detection.tables.history;
  const columns: JobColumns = {
    id: job.id,
    state: job.state,
    queue: job.name,
    createdAt: job.createdOn,
    startedAt: ifPresent(live, job.startedOn),
    finishedAt: ifPresent(live, job.completedOn),
    runAfter: job.startAfter,
    attempts: job.retryCount,
    maxAttempts: job.retryLimit,
    // The acquisition lease when the table has it, otherwise the executor's run lease.
    leaseOwner: leaseOwner ?? ifPresent(live, job.runOwner),
    leaseExpiresAt: leaseOwner
      ? ifPresent(live, job.leaseExpiresAt)
      : ifPresent(live, job.runLeaseExpiresAt),
    payload: ifPresent(live, job.data),
    result: ifPresent(live, job.output),
  };
  const source: JobSource = {
    id: "job",
    label: "Jobs",
    table: job,
    columns,
    states: { raw: MARIE_STATES, refinements: refinements(tables, detection) },
    queues: { kind: "column" },
    declaredStates: declaredStatesOf(live, "state"),
    idKind: idKindOf(live, "id"),
    notes: {
      error:
        "Marie has no error column: a failed or retrying job's error is output.error (shown with the result and in the explanation).",
      state:
        "expired means the monitor timed the job out in the active state (past expire_in): counted as failed.",
      attempts:
        "retry_count counts retries: 0 while the first attempt runs; retry_limit is the number of retries allowed.",
      ...(leaseOwner && live.columns.has("run_owner")
        ? {
            leaseOwner:
              "The scheduler's acquisition lease (lease_owner); the executor's run lease (run_owner, run_lease_expires_at) is on the job page.",
          }
        : {}),
    },
    ...(history ? { history: historySource(tables, history) } : {}),
    actions: marieActions(job, live, columns),
  };
  return { ...source, stuckRules: marieStuckRules(source, tables, detection) };
}

function refinements(tables: MarieTables, detection: Detection): Refinement<SQL>[] {
  const { job } = tables;
  const list: Refinement<SQL>[] = [
    {
      from: PENDING,
      to: "scheduled",
      when: sql`${job.startAfter} > now()`,
      because: "start_after is in the future: not due yet",
    },
  ];
  const dependencies = detection.tables.dependencies;
  const declared = detection.tables.job
    ? declaredStatesOf(detection.tables.job, "state")
    : undefined;
  // An enum without one of these labels cannot be compared with it.
  const pending = PENDING.filter(
    (state) => declared?.by !== "enum" || declared.values.includes(state),
  );
  if (dependencies && pending.length > 0) {
    list.push({
      from: pending,
      to: "blocked",
      when: unmetDependency(tables, dependencies, pending),
      because: "waiting on dependencies: a job it depends on (job_dependencies) has not completed",
    });
  }
  return list;
}

/**
 * The job is one of the pending jobs with an upstream that exists and has not completed, as the
 * scheduler's own ready check reads it (a dependency whose row is gone holds nothing back).
 * Uncorrelated on purpose: the set is built once from the pending rows (through the partial
 * created/retry indexes and job_dependencies' job index) and probed by hash. A correlated EXISTS
 * runs as fast, but the planner costs it for every row of the table and then spends seconds on JIT.
 */
function unmetDependency(tables: MarieTables, live: CatalogTable, pending: string[]): SQL {
  const { job, jobDependencies: deps } = tables;
  const waiting = tableAlias(job, "marie_waiting");
  const upstream = tableAlias(job, "marie_upstream");
  const sameName = (left: SQL, right: AnyColumn) =>
    live.columns.has(right.name) ? sql` and ${left} = ${right}` : sql``;
  return sql`(${job.name}, ${job.id}) in (
    select ${waiting.column(job.name)}, ${waiting.column(job.id)} from ${waiting.from}
    join ${deps} on ${deps.jobId} = ${waiting.column(job.id)}${sameName(waiting.column(job.name), deps.jobName)}
    join ${upstream.from} on ${upstream.column(job.id)} = ${deps.dependsOnId}${sameName(upstream.column(job.name), deps.dependsOnName)}
    where ${waiting.column(job.state)} in (${sql.join(
      pending.map((state) => sql`${state}`),
      sql`, `,
    )}) and ${upstream.column(job.state)} <> ${"completed"})`;
}

function historySource(tables: MarieTables, live: CatalogTable): HistorySource {
  const { jobHistory } = tables;
  const details: Record<string, AnyColumn> = {};
  for (const [name, column] of [
    ["retry_count", jobHistory.retryCount],
    ["started_on", jobHistory.startedOn],
    ["completed_on", jobHistory.completedOn],
    ["output", jobHistory.output],
  ] as const) {
    if (live.columns.has(column.name)) details[name] = column;
  }
  return {
    table: jobHistory,
    jobId: jobHistory.id,
    at: jobHistory.historyCreatedOn,
    ...(live.columns.has("state") ? { state: jobHistory.state } : {}),
    details,
    label: "Job history (a snapshot of the row at every change)",
  };
}
