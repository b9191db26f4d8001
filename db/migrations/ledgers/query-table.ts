import "server-only";
import type postgres from "postgres";
import type { TargetConnection } from "@/db/targets/connect";
import type { QualifiedTable } from "./ledger-reader";

/** A pool, a reserved session or a transaction of postgres.js: anything that runs a query. */
export type PostgresExecutor = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

/** `"schema"."name"` (or `"name"`) as a postgres.js identifier, never text spliced into SQL. */
export function pgIdentifier(sql: PostgresExecutor, table: QualifiedTable) {
  return sql(table.schema ? `${table.schema}.${table.name}` : table.name);
}

/** A SQLite identifier: double quotes, inner double quotes doubled. */
export function sqliteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Whether a table exists, by catalog lookup (parameterised; never an error for a missing one). */
export async function tableExists(
  connection: TargetConnection,
  table: QualifiedTable,
): Promise<boolean> {
  if (connection.kind === "postgres") {
    const rows = await connection.sql`
      select 1 from pg_catalog.pg_tables
      where schemaname = ${table.schema ?? "public"} and tablename = ${table.name}`;
    return rows.length > 0;
  }
  const result = await connection.client.execute({
    sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    args: [table.name],
  });
  return result.rows.length > 0;
}

/** Every row of a small tracking table, as plain objects. Names are quoted as identifiers. */
export async function selectAll(
  connection: TargetConnection,
  table: QualifiedTable,
  limit = 10_000,
): Promise<Record<string, unknown>[]> {
  if (connection.kind === "postgres") {
    const { sql } = connection;
    const rows = await sql`select * from ${pgIdentifier(sql, table)} limit ${limit}`;
    return rows.map((row) => ({ ...row }));
  }
  const result = await connection.client.execute({
    sql: `SELECT * FROM ${sqliteIdentifier(table.name)} LIMIT ?`,
    args: [limit],
  });
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, index) => [column, row[index]])),
  );
}
