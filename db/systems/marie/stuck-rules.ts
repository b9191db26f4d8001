import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import type { CatalogTable } from "../../catalog/snapshot";
import { canonicalPredicate } from "../../jobs/canonical-sql";
import { dialectFor } from "../../jobs/dialect";
import type { JobSource } from "../../jobs/job-source";
import { and } from "../../jobs/queue-filter";
import type { StuckRule, TableRule } from "../../stuck/stuck-rule";
import type { Detection } from "../adapter";
import { declaredStatesOf, ifPresent } from "../catalog-match";
import { earliestLeaseExpiry } from "./actions";
import type { MarieTables } from "./schema";
import { tableAlias } from "./table-alias";

const dialect = dialectFor("postgres");
const age = (seconds: unknown) => formatDuration(Number(seconds));

/**
 * Marie's own stuck rules, replacing the role rules of the same code where Marie knows better:
 * both leases, its own timeout (expire_in), its DAG edges, and what retry_count counts.
 * `source` is the job source the rules belong to (its state mapping, without these rules).
 */
export function marieStuckRules(
  source: JobSource,
  tables: MarieTables,
  detection: Detection,
): StuckRule[] {
  const live = detection.tables.job;
  if (!live) return [];
  const labels = labelsOf(live);
  const rules: (TableRule | undefined)[] = [
    leaseExpired(source, tables, live),
    runningPastExpireIn(source, tables, live),
    dependencyFailed(tables, live, detection.tables.dependencies, labels),
    retryOverdue(source, tables, labels),
    retriesExhausted(source, tables, live),
  ];
  return rules.filter((rule): rule is TableRule => rule !== undefined);
}

/** Which job_state labels the live column can hold (an enum cannot compare with a label it lacks). */
function labelsOf(live: CatalogTable) {
  const declared = declaredStatesOf(live, "state");
  return (states: readonly string[]) =>
    states.filter((state) => declared?.by !== "enum" || declared.values.includes(state));
}

function inStates(column: unknown, states: readonly string[]): SQL {
  if (states.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    states.map((state) => sql`${state}`),
    sql`, `,
  )})`;
}

/** When a finished job finished: completed_on, else (expired) its deadline, else its creation. */
function finishedAt(
  column: (name: "completedOn" | "startedOn" | "expireIn" | "createdOn") => SQL | undefined,
): SQL {
  const deadline =
    column("startedOn") && column("expireIn")
      ? sql`${column("startedOn")} + ${column("expireIn")}`
      : undefined;
  const parts = [column("completedOn"), deadline, column("createdOn")].filter(
    (part): part is SQL => part !== undefined,
  );
  return sql`coalesce(${sql.join(parts, sql`, `)})`;
}

/** Active with either lease run out: the acquisition lease (scheduler) or the run lease (executor). */
function leaseExpired(
  source: JobSource,
  tables: MarieTables,
  live: CatalogTable,
): TableRule | undefined {
  const { job } = tables;
  const expiry = earliestLeaseExpiry(job, live);
  if (!expiry) return undefined;
  const details: Record<string, SQL> = {};
  const leases = [
    ["lease", "its lease", job.leaseOwner, job.leaseExpiresAt],
    ["run", "its run lease", job.runOwner, job.runLeaseExpiresAt],
  ] as const;
  for (const [key, , owner, expires] of leases) {
    if (!ifPresent(live, expires)) continue;
    details[`${key}_expired`] = sql`${dialect.nowEpoch} - ${dialect.epoch(expires)}`;
    if (ifPresent(live, owner)) details[`${key}_owner`] = sql`${owner}`;
  }
  return {
    code: "lease_expired",
    where: (threshold) =>
      and(canonicalPredicate(source, "running"), dialect.olderThan(expiry, threshold)),
    since: expiry,
    details,
    explain: (_seconds, threshold, found) => {
      const parts = leases.flatMap(([key, label]) => {
        const ago = found[`${key}_expired`];
        if (ago === null || ago === undefined || Number(ago) < 0) return [];
        const owner = found[`${key}_owner`];
        return [`${label}${owner ? ` (held by ${String(owner)})` : ""} expired ${age(ago)} ago`];
      });
      return `still active, but ${parts.join(" and ")}; grace ${age(threshold)}`;
    },
    suggestedAction: SUGGESTED_ACTIONS.lease_expired,
  };
}

/**
 * Active past its own timeout (started_on + expire_in) by more than the threshold: Marie's monitor
 * fails such jobs, so one still active means the monitor is not running or cannot take it.
 */
function runningPastExpireIn(
  source: JobSource,
  tables: MarieTables,
  live: CatalogTable,
): TableRule | undefined {
  const { job } = tables;
  if (!ifPresent(live, job.startedOn) || !ifPresent(live, job.expireIn)) return undefined;
  const deadline = sql`(${job.startedOn} + ${job.expireIn})`;
  return {
    code: "running_too_long",
    where: (threshold) =>
      and(canonicalPredicate(source, "running"), dialect.olderThan(deadline, threshold)),
    since: deadline,
    details: {
      running: sql`${dialect.nowEpoch} - ${dialect.epoch(job.startedOn)}`,
      expire_in: sql`extract(epoch from ${job.expireIn})::float8`,
    },
    explain: (seconds, threshold, found) =>
      `running for ${age(found.running)}, ${age(seconds)} past its expire_in of ${age(found.expire_in)}, and Marie's monitor has not expired it; threshold ${age(threshold)} past expire_in`,
    suggestedAction: SUGGESTED_ACTIONS.running_too_long,
  };
}

/**
 * A created or retry job with an upstream (job_dependencies) that failed, expired or was cancelled:
 * Marie starts a job only once every upstream completed, so it never will. Named: the upstream
 * that ended first; the count of others.
 */
function dependencyFailed(
  tables: MarieTables,
  live: CatalogTable,
  dependencies: CatalogTable | undefined,
  labels: (states: readonly string[]) => string[],
): TableRule | undefined {
  if (!dependencies) return undefined;
  const pending = labels(["created", "retry"]);
  const ended = labels(["failed", "expired", "cancelled"]);
  if (pending.length === 0 || ended.length === 0) return undefined;
  const { job, jobDependencies: deps } = tables;
  const upstream = tableAlias(job, "marie_upstream");
  const upstreamColumn = (name: "completedOn" | "startedOn" | "expireIn" | "createdOn") =>
    ifPresent(live, job[name]) ? upstream.column(job[name]) : undefined;
  const upstreamEnded = finishedAt(upstreamColumn);
  const sameName = (left: SQL, right: AnyColumn) =>
    dependencies.columns.has(right.name) ? sql` and ${right} = ${left}` : sql``;
  const failing = sql`from ${deps}
    join ${upstream.from} on ${upstream.column(job.id)} = ${deps.dependsOnId}${sameName(upstream.column(job.name), deps.dependsOnName)}
    where ${deps.jobId} = ${job.id}${sameName(sql`${job.name}`, deps.jobName)}
      and ${inStates(upstream.column(job.state), ended)}`;
  const first = (value: SQL) =>
    sql`(select ${value} ${failing} order by ${upstreamEnded}, ${upstream.column(job.id)} limit 1)`;
  return {
    code: "dependency_failed",
    where: (threshold) =>
      and(
        inStates(job.state, pending),
        sql`exists (select 1 ${failing} and ${dialect.olderThan(upstreamEnded, threshold)})`,
      ),
    since: sql`(select min(${upstreamEnded}) ${failing})`,
    details: {
      upstream: first(sql`${upstream.column(job.id)}::text`),
      upstream_queue: first(upstream.column(job.name)),
      upstream_state: first(sql`${upstream.column(job.state)}::text`),
      others: sql`(select count(*) - 1 ${failing})`,
    },
    explain: (seconds, _threshold, found) => {
      const others = Number(found.others ?? 0);
      const more =
        others > 0
          ? `; ${others} more upstream${others === 1 ? " has" : "s have"} failed or been cancelled`
          : "";
      return `depends on job ${String(found.upstream)} (${String(found.upstream_queue)}), ${String(found.upstream_state)} ${age(seconds)} ago: Marie starts a job only after all its upstreams completed${more}`;
    },
    suggestedAction: SUGGESTED_ACTIONS.dependency_failed,
  };
}

/**
 * A ready job that is retrying (state `retry`, or retry_count > 0 after a reset) and was due long
 * ago. Marie's own fail_jobs moves a job to `retry` without counting (the count goes up when the
 * job is activated again), so retry_count > 0 alone would miss every first retry.
 */
function retryOverdue(
  source: JobSource,
  tables: MarieTables,
  labels: (states: readonly string[]) => string[],
): TableRule {
  const { job } = tables;
  const retrying = labels(["retry"]);
  return {
    code: "retry_overdue",
    where: (threshold) =>
      and(
        canonicalPredicate(source, "waiting"),
        sql`(${inStates(job.state, retrying)} or ${job.retryCount} > 0)`,
        dialect.olderThan(job.startAfter, threshold),
      ),
    since: sql`${job.startAfter}`,
    details: { retries: sql`${job.retryCount}`, limit: sql`${job.retryLimit}` },
    explain: (seconds, threshold, found) =>
      `due again ${age(seconds)} ago and not picked up (retry_count ${String(found.retries)} of ${String(found.limit)}); threshold ${age(threshold)}`,
    suggestedAction: SUGGESTED_ACTIONS.retry_overdue,
  };
}

/**
 * Failed or expired with retry_count >= retry_limit. retry_count counts retries, not attempts
 * (2 of 2 means three attempts), and an expired job has no completed_on: it ended at its deadline.
 */
function retriesExhausted(source: JobSource, tables: MarieTables, live: CatalogTable): TableRule {
  const { job } = tables;
  const ended = finishedAt((name) => (ifPresent(live, job[name]) ? sql`${job[name]}` : undefined));
  return {
    code: "retries_exhausted",
    where: (threshold) =>
      and(
        canonicalPredicate(source, "failed"),
        sql`${job.retryCount} >= ${job.retryLimit}`,
        threshold > 0 ? dialect.olderThan(ended, threshold) : undefined,
      ),
    since: ended,
    details: {
      retries: sql`${job.retryCount}`,
      limit: sql`${job.retryLimit}`,
      state: sql`${job.state}::text`,
    },
    explain: (seconds, _threshold, found) =>
      `${String(found.state)} ${age(seconds)} ago after ${String(found.retries)} of ${String(found.limit)} retries: Marie will not pick it up again`,
    suggestedAction: SUGGESTED_ACTIONS.retries_exhausted,
  };
}
