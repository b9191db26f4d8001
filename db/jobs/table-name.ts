import { getTableName, type Table } from "drizzle-orm";

/** `schema.table` as PostgreSQL would read it (quoted only where needed), for regclass casts and DDL. */
export function qualifiedTableName(table: Table): string {
  const schema = (table as unknown as Record<symbol, string | undefined>)[
    Symbol.for("drizzle:Schema")
  ];
  const quote = (name: string) =>
    /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
  const name = quote(getTableName(table));
  return schema ? `${quote(schema)}.${name}` : name;
}
