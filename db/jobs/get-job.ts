import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { JobState } from "@/lib/jobs/job-state";
import type { TargetConnection } from "../targets/connect";
import { canonicalCase } from "./canonical-sql";
import { decode, decodeDate, decodeNumber, idString, isPossibleId } from "./decode";
import { queryRows } from "./dialect";
import type { JobRole, JobSource } from "./job-source";
import type { JobSummary } from "./list-jobs";
import { queueExpression } from "./queue-filter";

/** Everything the job page shows: every column as stored, and the roles decoded. */
export interface JobRecord extends JobSummary {
  sourceId: string;
  heartbeatAt: Date | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  runAfter: Date | null;
  maxAttempts: number | null;
  error: string | null;
  payload: unknown;
  result: unknown;
  /** Every column of the row, by its real name, as the driver returned it. */
  fields: Record<string, unknown>;
  /** The row version an action must still find (xmin on PostgreSQL, the version column on SQLite). */
  version: string | null;
}

export interface TimelineEntry {
  at: Date | null;
  state: string | null;
  event: string | null;
  details: Record<string, unknown>;
}

const HISTORY_LIMIT = 500;

/** One job by id, or null. A malformed id for a uuid column is simply not found. */
export async function getJobRecord(
  connection: TargetConnection,
  source: JobSource,
  jobId: string,
): Promise<JobRecord | null> {
  if (!isPossibleId(source.idKind, jobId)) return null;
  const { columns } = source;
  const [row] = await queryRows(
    connection,
    sql`select ${source.table}.*, ${canonicalCase(source)} as "__state",
               ${queueExpression(source)} as "__queue", ${versionExpression(connection, source)} as "__version"
        from ${source.table} where ${columns.id} = ${jobId} limit 1`,
  );
  if (!row) return null;

  const value = (role: JobRole) => {
    const column = columns[role];
    return column ? row[column.name] : null;
  };
  const text = (role: JobRole) => {
    const decoded = decode(columns[role], value(role));
    if (decoded === null) return null;
    return typeof decoded === "object" ? JSON.stringify(decoded) : String(decoded);
  };
  const fields = Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith("__")));
  return {
    sourceId: source.id,
    id: idString(value("id")),
    state: row.__state as JobState,
    rawState: text("state"),
    queue: String(row.__queue),
    type: text("type"),
    createdAt: decodeDate(columns.createdAt, value("createdAt")),
    startedAt: decodeDate(columns.startedAt, value("startedAt")),
    finishedAt: decodeDate(columns.finishedAt, value("finishedAt")),
    heartbeatAt: decodeDate(columns.heartbeatAt, value("heartbeatAt")),
    leaseOwner: text("leaseOwner"),
    leaseExpiresAt: decodeDate(columns.leaseExpiresAt, value("leaseExpiresAt")),
    runAfter: decodeDate(columns.runAfter, value("runAfter")),
    attempts: decodeNumber(columns.attempts, value("attempts")),
    maxAttempts: decodeNumber(columns.maxAttempts, value("maxAttempts")),
    error: text("error"),
    payload: decodeJson(columns.payload, value("payload")),
    result: decodeJson(columns.result, value("result")),
    fields,
    version: row.__version === null || row.__version === undefined ? null : String(row.__version),
  };
}

/** PostgreSQL's xmin changes with every update of a row; SQLite needs a column that does. */
export function versionExpression(connection: TargetConnection, source: JobSource): SQL {
  if (connection.kind === "postgres") return sql`${source.table}.xmin::text`;
  return source.version ? sql`cast(${source.version} as text)` : sql`null`;
}

/** JSON kept as TEXT (SQLite) is parsed when it parses; anything else is shown as it is. */
function decodeJson(column: AnyColumn | undefined, raw: unknown): unknown {
  const decoded = decode(column, raw);
  if (typeof decoded !== "string") return decoded;
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded;
  }
}

/** The job's history from the system's own history or log table, oldest first. */
export async function getTimeline(
  connection: TargetConnection,
  source: JobSource,
  jobId: string,
): Promise<TimelineEntry[]> {
  const history = source.history;
  if (!history) return [];
  const details = Object.entries(history.details ?? {});
  const rows = await queryRows(
    connection,
    sql`select ${history.at} as "__at", ${history.state ?? sql`null`} as "__state",
               ${history.event ?? sql`null`} as "__event"
               ${sql.join(
                 details.map(
                   ([name, column]) => sql`, ${column} as ${sql.identifier(`d_${name}`)}`,
                 ),
                 sql``,
               )}
        from ${history.table} where ${history.jobId} = ${jobId}
        order by ${history.at} asc limit ${HISTORY_LIMIT}`,
  );
  return rows.map((row) => ({
    at: decodeDate(history.at, row.__at),
    state: row.__state === null || row.__state === undefined ? null : String(row.__state),
    event: row.__event === null || row.__event === undefined ? null : String(row.__event),
    details: Object.fromEntries(
      details.map(([name, column]) => [name, decode(column, row[`d_${name}`])]),
    ),
  }));
}
