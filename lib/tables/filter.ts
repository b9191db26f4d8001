import { InputError } from "../input-error";

export const FILTER_OPS = [
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "null",
  "notnull",
  "contains",
  "has",
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** One condition on one column; `value` is the raw text (parsed by the database as the column's type). */
export type ColumnFilter =
  | { column: string; op: Exclude<FilterOp, "null" | "notnull" | "has">; value: string }
  | { column: string; op: "null" | "notnull" }
  | { column: string; op: "has"; key: string; value: unknown };

export const FILTER_LABELS: Record<FilterOp, string> = {
  eq: "=",
  ne: "≠",
  lt: "<",
  lte: "≤",
  gt: ">",
  gte: "≥",
  null: "is null",
  notnull: "is not null",
  contains: "contains",
  has: "JSON has",
};

export const MAX_FILTERS = 10;
export const MAX_FILTER_VALUE = 10_000;

/**
 * Parses `column:op:value` (value may contain ':'), as written in the `filter` search
 * parameter. `has` takes `key=value` where value is JSON when it parses, else a string.
 * Columns are checked against the live table; the value is never interpolated into SQL.
 */
export function parseFilter(text: string, columns: readonly string[]): ColumnFilter {
  const first = text.indexOf(":");
  if (first <= 0) throw new InputError("filter", `"${clip(text)}": expected column:op:value`);
  const column = text.slice(0, first);
  const rest = text.slice(first + 1);
  const second = rest.indexOf(":");
  const op = second < 0 ? rest : rest.slice(0, second);
  const value = second < 0 ? "" : rest.slice(second + 1);
  if (!columns.includes(column)) {
    throw new InputError("filter", `no column "${clip(column)}" in this table`);
  }
  if (!(FILTER_OPS as readonly string[]).includes(op)) {
    throw new InputError("filter", `"${clip(op)}": expected one of ${FILTER_OPS.join(", ")}`);
  }
  if (value.length > MAX_FILTER_VALUE) {
    throw new InputError("filter", `the value for ${column} is longer than ${MAX_FILTER_VALUE}`);
  }
  if (op === "null" || op === "notnull") return { column, op };
  if (op === "has") {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InputError("filter", `${column}:has: expected key=value`);
    return { column, op, key: value.slice(0, eq), value: jsonOrString(value.slice(eq + 1)) };
  }
  return { column, op: op as Exclude<FilterOp, "null" | "notnull" | "has">, value };
}

export function parseFilters(texts: readonly string[], columns: readonly string[]): ColumnFilter[] {
  if (texts.length > MAX_FILTERS) {
    throw new InputError("filter", `at most ${MAX_FILTERS} filters`);
  }
  return texts.filter((text) => text.length > 0).map((text) => parseFilter(text, columns));
}

export function formatFilter(filter: ColumnFilter): string {
  switch (filter.op) {
    case "null":
    case "notnull":
      return `${filter.column}:${filter.op}`;
    case "has": {
      const value = typeof filter.value === "string" ? filter.value : JSON.stringify(filter.value);
      return `${filter.column}:has:${filter.key}=${value}`;
    }
    default:
      return `${filter.column}:${filter.op}:${filter.value}`;
  }
}

/** LIKE pattern matching `text` literally: escapes \, % and _ (used with ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function jsonOrString(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
