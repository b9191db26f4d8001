import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { FINISHED_STATES } from "@/lib/jobs/job-state";
import type { CatalogTable } from "../../catalog/snapshot";
import type { Detection } from "../adapter";
import { idKindOf, ifPresent } from "../catalog-match";
import { type ModelCoordinationTables, modelCoordinationTables } from "./schema";

export type IdKind = "uuid" | "integer" | "text";

/** The system's tables as this database has them: what actions and stuck rules may touch. */
export interface Coordination {
  tables: ModelCoordinationTables;
  jobs: CatalogTable;
  jobsIdKind: IdKind;
  executions?: { live: CatalogTable; idKind: IdKind };
  /** job_queue_state (the coordinator slot), where 027 created it. */
  slot?: CatalogTable;
  /** job_queue_log, where 027 created it. */
  log?: CatalogTable;
}

export function coordinationOf(detection: Detection): Coordination | undefined {
  const jobs = detection.tables.jobs;
  if (!jobs) return undefined;
  const executions = detection.tables.workflow_executions;
  return {
    tables: modelCoordinationTables(detection.schema),
    jobs,
    jobsIdKind: idKindOf(jobs, "job_id"),
    ...(executions ? { executions: { live: executions, idKind: idKindOf(executions, "id") } } : {}),
    ...(detection.tables.job_queue_state ? { slot: detection.tables.job_queue_state } : {}),
    ...(detection.tables.job_queue_log ? { log: detection.tables.job_queue_log } : {}),
  };
}

/** Raw states whose canonical state is finished (completed, failed, cancelled). */
export function finishedRaw(states: Readonly<Record<string, string>>): string[] {
  return Object.entries(states)
    .filter(([, canonical]) => (FINISHED_STATES as readonly string[]).includes(canonical))
    .map(([raw]) => raw);
}

const UUID_PATTERN =
  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const INTEGER_PATTERN = "^-?[0-9]{1,18}$";

/**
 * A recorded TEXT id (blocked_by_job_id, active_job_id) as a value comparable with an id column
 * of this kind, NULL when it cannot be one ('workflow_123' is no uuid): comparing the column
 * itself keeps its index usable, and a malformed id never raises a cast error.
 */
export function recordedIdAs(kind: IdKind, recorded: SQL | AnyColumn): SQL {
  if (kind === "uuid") {
    return sql`(case when ${recorded} ~ ${UUID_PATTERN} then cast(${recorded} as uuid) end)`;
  }
  if (kind === "integer") {
    return sql`(case when ${recorded} ~ ${INTEGER_PATTERN} then cast(${recorded} as bigint) end)`;
  }
  return sql`${recorded}`;
}

/** `alias.column`, for a second reference to a table inside a correlated subquery. */
export function aliased(alias: string, column: AnyColumn): SQL {
  return sql`${sql.identifier(alias)}.${sql.identifier(column.name)}`;
}

/** `column` when the live table has it, else SQL NULL (for optional columns read in queries). */
export function presentOr(live: CatalogTable, column: AnyColumn, fallback: SQL = sql`null`): SQL {
  const present = ifPresent(live, column);
  return present ? sql`${present}` : fallback;
}

/** An ISO-free JSON parameter for a jsonb column. */
export function jsonb(value: unknown): SQL {
  return sql`cast(${JSON.stringify(value)} as jsonb)`;
}
