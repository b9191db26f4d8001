import type postgres from "postgres";

export interface TableShape {
  columns: { name: string; type: string; notNull: boolean; default: string | null }[];
  constraints: { name: string; definition: string }[];
  indexes: { name: string; definition: string }[];
}

/**
 * A table as the catalog describes it (columns in order with types, nullability and defaults;
 * constraints; indexes), with its schema's name taken out, so the same DDL run in two schemas
 * gives equal shapes. null when the table does not exist.
 */
export async function describeTable(
  sql: postgres.Sql,
  schema: string,
  name: string,
): Promise<TableShape | null> {
  const [found] =
    await sql`select to_regclass(format('%I.%I', ${schema}::text, ${name}::text))::oid as oid`;
  const oid = found?.oid;
  if (oid === null || oid === undefined) return null;
  const unschema = (text: string) =>
    text.replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "");
  const columns = await sql`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
      a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = ${oid} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;
  const constraints = await sql`
    select conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = ${oid} order by conname`;
  const indexes = await sql`
    select indexname as name, indexdef as definition
    from pg_indexes where schemaname = ${schema} and tablename = ${name} order by indexname`;
  return {
    columns: columns.map((column) => ({
      name: String(column.name),
      type: String(column.type),
      notNull: Boolean(column.not_null),
      default: column.default === null ? null : unschema(String(column.default)),
    })),
    constraints: constraints.map((c) => ({
      name: String(c.name),
      definition: String(c.definition),
    })),
    indexes: indexes.map((index) => ({
      name: String(index.name),
      definition: unschema(String(index.definition)),
    })),
  };
}
