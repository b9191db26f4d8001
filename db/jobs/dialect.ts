import { type SQL, sql } from "drizzle-orm";
import type { TargetConnection } from "../targets/connect";

/** The few SQL snippets that differ between PostgreSQL and SQLite, for the shared job queries. */
export interface Dialect {
  /** Seconds since the Unix epoch of a timestamp column (SQLite: TEXT in any format julianday reads). */
  epoch(column: SQL | unknown): SQL;
  nowEpoch: SQL;
  /** `column` is at most `seconds` old; index-friendly on PostgreSQL. */
  within(column: unknown, seconds: number): SQL;
  /** `column` is more than `seconds` old. */
  olderThan(column: unknown, seconds: number): SQL;
  /** `column` is in the future. */
  inFuture(column: unknown): SQL;
  /** The later of two timestamps, ignoring a NULL second one. */
  later(first: unknown, second: unknown): SQL;
  /** The current time, as the engine stores timestamps (for SET lists). */
  now: SQL;
  /** `column` compared with a point in time (`>=` or `<`). */
  compareTime(column: unknown, operator: ">=" | "<", at: Date): SQL;
}

const postgres: Dialect = {
  now: sql`now()`,
  epoch: (column) => sql`extract(epoch from ${column})::float8`,
  nowEpoch: sql`extract(epoch from now())::float8`,
  within: (column, seconds) => sql`${column} >= now() - make_interval(secs => ${seconds})`,
  olderThan: (column, seconds) => sql`${column} < now() - make_interval(secs => ${seconds})`,
  inFuture: (column) => sql`${column} > now()`,
  later: (first, second) => sql`greatest(${first}, ${second})`,
  compareTime: (column, operator, at) =>
    sql`${column} ${sql.raw(operator)} ${at.toISOString()}::timestamptz`,
};

const JULIAN_UNIX_EPOCH = 2440587.5;

const sqlite: Dialect = {
  now: sql`datetime('now')`,
  epoch: (column) => sql`((julianday(${column}) - ${JULIAN_UNIX_EPOCH}) * 86400.0)`,
  nowEpoch: sql`((julianday('now') - ${JULIAN_UNIX_EPOCH}) * 86400.0)`,
  within: (column, seconds) => sql`julianday(${column}) >= julianday('now') - ${seconds / 86400}`,
  olderThan: (column, seconds) => sql`julianday(${column}) < julianday('now') - ${seconds / 86400}`,
  inFuture: (column) => sql`julianday(${column}) > julianday('now')`,
  later: (first, second) => sql`max(${first}, coalesce(${second}, ${first}))`,
  compareTime: (column, operator, at) =>
    sql`julianday(${column}) ${sql.raw(operator)} julianday(${at.toISOString()})`,
};

export function dialectOf(connection: TargetConnection): Dialect {
  return dialectFor(connection.kind);
}

export function dialectFor(engine: TargetConnection["kind"]): Dialect {
  return engine === "postgres" ? postgres : sqlite;
}

/** Runs a query on either engine and returns plain row objects (driver values, not decoded). */
export async function queryRows(
  connection: TargetConnection,
  query: SQL,
): Promise<Record<string, unknown>[]> {
  if (connection.kind === "postgres") {
    return [...(await connection.db.execute<Record<string, unknown>>(query))];
  }
  return connection.db.all<Record<string, unknown>>(query);
}
