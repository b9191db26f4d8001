import type { AnyColumn } from "drizzle-orm";
import {
  type CatalogSnapshot,
  type CatalogTable,
  declaredValues,
  missingColumns,
  qualifiedName,
  tablesNamed,
} from "../catalog/snapshot";
import type { DetectOptions } from "./adapter";

/**
 * The first table with this name (in `options.schema` when given) that has every required column,
 * or the reason none qualifies. Extra columns never matter; a schema name may be anything.
 */
export function findTable(
  catalog: CatalogSnapshot,
  name: string,
  required: readonly string[],
  options: DetectOptions,
): { table: CatalogTable } | { reason: string } {
  const candidates = tablesNamed(catalog, name).filter(
    (table) => !options.schema || table.schema === options.schema,
  );
  if (candidates.length === 0) {
    return {
      reason: `no table named ${name}${options.schema ? ` in schema ${options.schema}` : ""}`,
    };
  }
  const complete = candidates.find((table) => missingColumns(table, required).length === 0);
  if (complete) return { table: complete };
  const closest = candidates[0] as CatalogTable;
  return {
    reason: `${qualifiedName(closest)} lacks ${missingColumns(closest, required).join(", ")}`,
  };
}

/** A sibling table in the same schema, if present. */
export function siblingTable(
  catalog: CatalogSnapshot,
  of: CatalogTable,
  name: string,
  required: readonly string[] = [],
): CatalogTable | undefined {
  return tablesNamed(catalog, name).find(
    (table) => table.schema === of.schema && missingColumns(table, required).length === 0,
  );
}

/** "schema.table: a, b, state (enum job_state: created, retry, …)" for the detection report. */
export function describeMatch(
  table: CatalogTable,
  columns: readonly string[],
  stateColumn?: string,
) {
  const parts = columns.map((name) => {
    if (name !== stateColumn) return name;
    const column = table.columns.get(name);
    const values = declaredValues(table, name);
    const how = column?.enumValues ? `enum ${column.type}` : values ? "CHECK list" : "text";
    return values ? `${name} (${how}: ${values.join(", ")})` : `${name} (${how})`;
  });
  return `${qualifiedName(table)}: ${parts.join(", ")}`;
}

/** The Drizzle column when the live table has it, so optional roles follow the real schema. */
export function ifPresent<C extends AnyColumn>(table: CatalogTable, column: C): C | undefined {
  return table.columns.has(column.name) ? column : undefined;
}

export function declaredStatesOf(table: CatalogTable, column: string) {
  const enumValues = table.columns.get(column)?.enumValues;
  if (enumValues) return { values: enumValues, by: "enum" as const };
  const checked = table.checkValues.get(column);
  return checked ? { values: checked, by: "check" as const } : undefined;
}

export function idKindOf(table: CatalogTable, column: string): "uuid" | "integer" | "text" {
  const type = table.columns.get(column)?.type ?? "text";
  if (type === "uuid") return "uuid";
  if (/^(integer|bigint|smallint|int|int2|int4|int8)$/.test(type)) return "integer";
  return "text";
}
