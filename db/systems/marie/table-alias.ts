import { type AnyColumn, type SQL, sql, type Table } from "drizzle-orm";

/**
 * A second reference to a table inside a `sql` template (a self-join of `job`). Drizzle's `alias()`
 * renders only the alias name there, without the schema-qualified table it stands for.
 */
export function tableAlias(table: Table, name: string) {
  const ref = sql.identifier(name);
  return {
    from: sql`${table} as ${ref}`,
    column: (column: AnyColumn): SQL => sql`${ref}.${sql.identifier(column.name)}`,
  };
}
