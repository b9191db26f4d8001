import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/** A value to write: a parameter, or an SQL expression with the words the page shows for it. */
export type Written = string | number | boolean | null | { sql: SQL; label: string };

export type Assignment = readonly [AnyColumn | undefined, Written];

/** `now` in the engine's own terms, labelled for people. */
export function writtenNow(now: SQL): Written {
  return { sql: now, label: "now" };
}

/**
 * The SET list of an UPDATE. Drizzle renders a column as "table"."column", which neither
 * PostgreSQL nor SQLite accept on the left of SET; columns absent in this schema are left out.
 */
export function assignments(pairs: readonly Assignment[]): SQL {
  return sql.join(
    pairs.flatMap(([column, value]) =>
      column
        ? [sql`${sql.identifier(column.name)} = ${isExpression(value) ? value.sql : value}`]
        : [],
    ),
    sql`, `,
  );
}

/** "status = 'pending', started_at = null, start_after = now": what an action writes, for people. */
export function describeAssignments(pairs: readonly Assignment[]): string {
  return pairs
    .flatMap(([column, value]) => (column ? [`${column.name} = ${describe(value)}`] : []))
    .join(", ");
}

function describe(value: Written): string {
  if (isExpression(value)) return value.label;
  if (typeof value === "string") return `'${value}'`;
  return String(value);
}

function isExpression(value: Written): value is { sql: SQL; label: string } {
  return value !== null && typeof value === "object";
}
