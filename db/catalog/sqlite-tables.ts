import { sql } from "drizzle-orm";
import type { SqliteConnection } from "../targets/connect";
import type { TableSummary } from "./table-summary";

/** Counting stops here; SQLite has no statistics to estimate beyond it. */
const SQLITE_COUNT_LIMIT = 100_000;

/**
 * Tables and views from sqlite_schema. SQLite keeps no row estimates, so rows are counted up to
 * a bound: exact below it, "at least" the bound above it. Sizes come from dbstat when
 * the library was built with it.
 */
export async function listSqliteTables(connection: SqliteConnection): Promise<TableSummary[]> {
  const relations = await connection.db.all<{ name: string; type: "table" | "view" }>(sql`
    select name, type from sqlite_schema
    where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\'
    order by name`);
  const sizes = await tableSizes(connection);

  return Promise.all(
    relations.map(async ({ name, type }): Promise<TableSummary> => {
      if (type === "view") {
        return {
          schema: "main",
          name,
          kind: "view",
          rows: null,
          rowsAccuracy: "estimate",
          bytes: null,
        };
      }
      const [counted] = await connection.db.all<{ n: number }>(sql`
        select count(*) as n from (select 1 from ${sql.identifier(name)} limit ${SQLITE_COUNT_LIMIT})`);
      const rows = Number(counted?.n ?? 0);
      return {
        schema: "main",
        name,
        kind: "table",
        rows,
        rowsAccuracy: rows < SQLITE_COUNT_LIMIT ? "exact" : "lower-bound",
        bytes: sizes.get(name) ?? null,
      };
    }),
  );
}

async function tableSizes(connection: SqliteConnection): Promise<Map<string, number>> {
  try {
    const rows = await connection.db.all<{ name: string; bytes: number }>(
      sql`select name, sum(pgsize) as bytes from dbstat group by name`,
    );
    return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
  } catch {
    return new Map();
  }
}
