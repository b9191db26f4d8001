import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import type { CatalogTable } from "../../catalog/snapshot";
import { decodeDate } from "../../jobs/decode";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact } from "../adapter";
import { marieTablesOf } from "./job-source";
import { dependenciesOf, dependentsOf } from "./related-jobs";
import type { MarieTables } from "./schema";

/** A due job still not picked up after this long is called overdue. */
const OVERDUE_SECONDS = 60;
const PENDING = ["created", "retry"];
const FINISHED_DAG = ["completed", "failed", "cancelled"];

type Row = Record<string, unknown>;

/** Leases, due time, retries, DAG position, dependencies and dependents, and the recorded error. */
export async function explainMarieJob(
  connection: TargetConnection,
  detection: Detection,
  job: JobRecord,
): Promise<JobExplanation> {
  const live = detection.tables.job;
  if (!live) return { facts: [], related: [] };
  const tables = marieTablesOf(detection);
  const [row] = await queryRows(connection, factsQuery(tables, detection, live, job));
  if (!row) return { facts: [], related: [] };
  const facts = describe(tables, row, job.rawState ?? "", job.state === "blocked");
  const related = [
    ...(await dependenciesOf(connection, tables, detection, job, row.dependencies)),
    ...(await dependentsOf(connection, tables, detection, job)),
  ];
  return { facts, related };
}

function factsQuery(tables: MarieTables, detection: Detection, live: CatalogTable, job: JobRecord) {
  const { job: table, dag } = tables;
  const has = (column: AnyColumn) => live.columns.has(column.name);
  const pick = (column: AnyColumn) => (has(column) ? sql`${column}` : sql`null`);
  const secondsUntil = (column: AnyColumn) =>
    has(column) ? sql`extract(epoch from ${column} - now())::float8` : sql`null::float8`;
  const jsonText = (path: SQL) =>
    has(table.output) ? sql`${table.output} #>> ${path}` : sql`null`;
  const overrun =
    has(table.startedOn) && live.columns.has("expire_in")
      ? sql`extract(epoch from now() - (${table.startedOn} + ${table.expireIn}))::float8`
      : sql`null::float8`;
  const dagLive = detection.tables.dag;
  const dagInfo = (column: AnyColumn) =>
    dagLive && has(table.dagId) && dagLive.columns.has(column.name)
      ? sql`(select ${column}::text from ${dag} where ${dag.id} = ${table.dagId} limit 1)`
      : sql`null`;
  return sql`select
      ${pick(table.leaseOwner)} as lease_owner, ${pick(table.leaseExpiresAt)} as lease_expires_at,
      ${secondsUntil(table.leaseExpiresAt)} as lease_left,
      ${pick(table.runOwner)} as run_owner, ${pick(table.runLeaseExpiresAt)} as run_lease_expires_at,
      ${secondsUntil(table.runLeaseExpiresAt)} as run_lease_left,
      ${table.startAfter} as start_after, ${secondsUntil(table.startAfter)} as due_in,
      ${table.retryCount} as retry_count, ${table.retryLimit} as retry_limit,
      ${live.columns.has("expire_in") ? sql`extract(epoch from ${table.expireIn})::float8` : sql`null::float8`} as expire_seconds,
      ${overrun} as overrun,
      ${pick(table.dagId)}::text as dag_id, ${pick(table.jobLevel)} as job_level,
      ${dagInfo(dag.name)} as dag_name, ${dagInfo(dag.state)} as dag_state,
      ${dagInfo(dag.id)} as dag_found,
      ${jsonText(sql`'{error}'`)} as error, ${jsonText(sql`'{value,message}'`)} as timeout_message,
      ${pick(table.dependencies)} as dependencies
    from ${table} where ${table.id} = ${job.id} and ${table.name} = ${job.queue} limit 1`;
}

function describe(tables: MarieTables, row: Row, raw: string, blocked: boolean): JobFact[] {
  const { job } = tables;
  const facts: JobFact[] = [];
  const active = raw === "active";
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

  const lease = (label: string, owner: unknown, expires: AnyColumn, at: unknown, left: unknown) => {
    const date = decodeDate(expires, at);
    if (owner === null && date === null) return;
    const seconds = number(left);
    const expired = seconds !== null && seconds < 0;
    const until =
      date === null || seconds === null
        ? "no expiry recorded"
        : expired
          ? `expired ${formatDuration(-seconds)} ago (${date.toISOString()})`
          : `expires in ${formatDuration(seconds)} (${date.toISOString()})`;
    facts.push({
      label,
      value: `${owner ?? "no owner"}, ${until}`,
      tone: expired && active ? "danger" : "neutral",
    });
  };
  lease("Lease", row.lease_owner, job.leaseExpiresAt, row.lease_expires_at, row.lease_left);
  lease(
    "Run lease",
    row.run_owner,
    job.runLeaseExpiresAt,
    row.run_lease_expires_at,
    row.run_lease_left,
  );

  const startAfter = decodeDate(job.startAfter, row.start_after);
  const dueIn = number(row.due_in);
  if (PENDING.includes(raw) && startAfter && dueIn !== null) {
    const overdue = dueIn < -OVERDUE_SECONDS && !blocked;
    facts.push({
      label: "Start after",
      value:
        dueIn > 0
          ? `not due for ${formatDuration(dueIn)} (${startAfter.toISOString()})`
          : `${overdue ? "overdue: " : ""}due since ${formatDuration(-dueIn)} ago (${startAfter.toISOString()})`,
      tone: overdue ? "warning" : "neutral",
    });
  }

  const retries = number(row.retry_count);
  const limit = number(row.retry_limit);
  if (retries !== null && limit !== null) {
    const exhausted = retries >= limit;
    facts.push({
      label: "Retries",
      value: `${retries} of ${limit}${exhausted ? " (no retries left)" : ""}`,
      tone: exhausted && raw === "failed" ? "warning" : "neutral",
    });
  }

  const overrun = number(row.overrun);
  const expireSeconds = number(row.expire_seconds);
  if (active && overrun !== null && expireSeconds !== null) {
    facts.push({
      label: "Expire in",
      value:
        overrun > 0
          ? `${formatDuration(expireSeconds)}: running ${formatDuration(overrun)} past it, not yet expired by the monitor`
          : `${formatDuration(expireSeconds)}: expires in ${formatDuration(-overrun)} unless it finishes`,
      tone: overrun > 0 ? "warning" : "neutral",
    });
  }

  if (row.dag_id !== null && row.dag_id !== undefined) {
    const found = row.dag_found !== null && row.dag_found !== undefined;
    const dagState = row.dag_state === null ? null : String(row.dag_state);
    const stranded = PENDING.includes(raw) && dagState !== null && FINISHED_DAG.includes(dagState);
    facts.push({
      label: "DAG",
      value: found
        ? `${row.dag_name} (${dagState ?? "no state"}), ${row.dag_id}${stranded ? ": the scheduler does not pick jobs of a finished DAG" : ""}`
        : `${row.dag_id} (no dag row)`,
      tone: stranded ? "warning" : "neutral",
    });
  }
  if (row.job_level !== null && row.job_level !== undefined) {
    facts.push({ label: "Job level", value: String(row.job_level) });
  }
  if (typeof row.error === "string" && row.error !== "") {
    facts.push({ label: "Error", value: row.error, tone: "danger" });
  }
  if (typeof row.timeout_message === "string" && row.timeout_message !== "") {
    facts.push({
      label: "Timeout",
      value: row.timeout_message,
      tone: raw === "expired" ? "danger" : "neutral",
    });
  }
  return facts;
}
