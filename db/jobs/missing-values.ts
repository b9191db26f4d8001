import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { TargetConnection } from "../targets/connect";
import { EXACT_SCAN_LIMIT } from "./count-states";
import { queryRows } from "./dialect";
import { tableRowEstimate } from "./estimates";
import type { JobSource } from "./job-source";
import { and, queuePredicate } from "./queue-filter";
import { qualifiedTableName } from "./table-name";

/** The columns every job must have a value in; a table that allows NULL there may not. */
const REQUIRED = ["id", "state", "createdAt"] as const;
export type RequiredRole = (typeof REQUIRED)[number];

/** Counting stops here: beyond it the banner says "at least". */
const BOUND = 10_000;

export interface MissingValues {
  /** Each required column that holds NULL in some rows, and in how many. */
  columns: { role: RequiredRole; column: string; count: number }[];
  /** Exact for the queue; otherwise the planner's estimate for the whole (large) table. */
  how: "exact" | "at_least" | "estimate";
}

/**
 * Rows with an id, the only ones that can be listed, opened and acted on; undefined when the id
 * column cannot hold NULL (every built-in system, and any table whose id is NOT NULL).
 */
export function withId(source: JobSource): SQL | undefined {
  return source.columns.id.notNull ? undefined : sql`${source.columns.id} is not null`;
}

/**
 * How many rows of a queue have NULL in a required column (id, state, creation time), for the
 * queue page to say so. Only columns that allow NULL are looked at; a table too large to scan is
 * judged by the planner's statistics instead.
 */
export async function missingRequiredValues(
  connection: TargetConnection,
  source: JobSource,
  queue: string,
): Promise<MissingValues> {
  const nullable = REQUIRED.map((role) => ({ role, column: source.columns[role] })).filter(
    ({ column }) => !column.notNull,
  );
  if (nullable.length === 0) return { columns: [], how: "exact" };
  if (connection.kind === "postgres") {
    const rows = await tableRowEstimate(connection, source);
    if (rows > EXACT_SCAN_LIMIT) return estimated(connection, source, nullable, rows);
  }
  const flags = nullable.map(
    ({ column }, index) =>
      sql`case when ${column} is null then 1 else 0 end as ${sql.identifier(`n${index}`)}`,
  );
  const anyNull = sql.join(
    nullable.map(({ column }) => sql`${column} is null`),
    sql` or `,
  );
  const [counts] = await queryRows(
    connection,
    sql`select count(*) as total, ${sql.join(
      nullable.map(
        (_, index) => sql`sum(${sql.identifier(`n${index}`)}) as ${sql.identifier(`n${index}`)}`,
      ),
      sql`, `,
    )}
        from (select ${sql.join(flags, sql`, `)} from ${source.table}
              where ${and(queuePredicate(source, queue), sql`(${anyNull})`)} limit ${BOUND}) bounded`,
  );
  return {
    columns: present(nullable, (index) => Number(counts?.[`n${index}`] ?? 0)),
    how: Number(counts?.total ?? 0) >= BOUND ? "at_least" : "exact",
  };
}

async function estimated(
  connection: TargetConnection,
  source: JobSource,
  nullable: { role: RequiredRole; column: AnyColumn }[],
  rows: number,
): Promise<MissingValues> {
  const stats = await queryRows(
    connection,
    sql`select s.attname as name, max(s.null_frac)::float8 as fraction
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_stats s on s.schemaname = n.nspname and s.tablename = c.relname
        where c.oid = ${qualifiedTableName(source.table)}::regclass
        group by s.attname`,
  );
  const fraction = new Map(stats.map((row) => [String(row.name), Number(row.fraction)]));
  return {
    columns: present(nullable, (index) =>
      Math.round((fraction.get(nullable[index]?.column.name ?? "") ?? 0) * rows),
    ),
    how: "estimate",
  };
}

function present(
  nullable: { role: RequiredRole; column: AnyColumn }[],
  countOf: (index: number) => number,
): MissingValues["columns"] {
  return nullable
    .map(({ role, column }, index) => ({ role, column: column.name, count: countOf(index) }))
    .filter((entry) => entry.count > 0);
}
