import { type SQL, sql } from "drizzle-orm";
import type { PostgresConnection } from "../targets/connect";
import { queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { qualifiedTableName } from "./table-name";

/** The table's row count from pg_class, summed over partitions. Never scans the table. */
export async function tableRowEstimate(
  connection: PostgresConnection,
  source: JobSource,
): Promise<number> {
  const [row] = await queryRows(
    connection,
    sql`select coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 as n
        from pg_class c
        where c.oid = ${qualifiedName(source)}::regclass
           or c.oid in (select inhrelid from pg_inherits where inhparent = ${qualifiedName(source)}::regclass)`,
  );
  return Number(row?.n ?? 0);
}

/** The planner's estimate of how many rows of the source match `where`. */
export async function estimateRows(
  connection: PostgresConnection,
  source: JobSource,
  where: SQL,
): Promise<number> {
  const [row] = await queryRows(
    connection,
    sql`explain (format json) select 1 from ${source.table} where ${where}`,
  );
  const plan = (row?.["QUERY PLAN"] as { Plan?: { "Plan Rows"?: number } }[] | undefined)?.[0];
  return Math.round(plan?.Plan?.["Plan Rows"] ?? 0);
}

function qualifiedName(source: JobSource): string {
  return qualifiedTableName(source.table);
}
