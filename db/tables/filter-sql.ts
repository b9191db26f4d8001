import { type SQL, sql } from "drizzle-orm";
import { InputError } from "@/lib/input-error";
import { type ColumnFilter, likeContains } from "@/lib/tables/filter";

const COMPARE: Record<string, SQL> = {
  eq: sql`=`,
  ne: sql`<>`,
  lt: sql`<`,
  lte: sql`<=`,
  gt: sql`>`,
  gte: sql`>=`,
};

/**
 * One filter as parameterised SQL. The column name was checked against the catalog; values are
 * always parameters, parsed by the database as the column's type (a value that is not one is a
 * 400, not a 500). Text containment escapes LIKE's wildcards so `%` and `_` match themselves.
 */
export function filterSql(filter: ColumnFilter, engine: "postgres" | "sqlite"): SQL {
  const column = sql`${sql.identifier(filter.column)}`;
  switch (filter.op) {
    case "null":
      return sql`${column} is null`;
    case "notnull":
      return sql`${column} is not null`;
    case "contains":
      return engine === "postgres"
        ? sql`${column}::text ilike ${likeContains(filter.value)} escape '\\'`
        : sql`instr(lower(cast(${column} as text)), lower(${filter.value})) > 0`;
    case "has":
      return hasSql(column, filter.key, filter.value, engine);
    default:
      return sql`${column} ${COMPARE[filter.op]} ${filter.value}`;
  }
}

function hasSql(column: SQL, key: string, value: unknown, engine: "postgres" | "sqlite"): SQL {
  if (engine === "postgres") {
    return sql`${column}::jsonb @> ${JSON.stringify({ [key]: value })}::jsonb`;
  }
  if (key.includes('"'))
    throw new InputError("filter", "a JSON key may not contain a double quote");
  const path = `$."${key}"`;
  if (value !== null && typeof value === "object") {
    return sql`json_extract(${column}, ${path}) = json(${JSON.stringify(value)})`;
  }
  if (typeof value === "boolean") return sql`json_extract(${column}, ${path}) = ${value ? 1 : 0}`;
  if (value === null) return sql`json_type(${column}, ${path}) = 'null'`;
  return sql`json_extract(${column}, ${path}) = ${value as string | number}`;
}
