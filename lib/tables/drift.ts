import { getTableColumns, type Table } from "drizzle-orm";
import type { DetailColumn } from "@/db/catalog/table-detail";

export interface Drift {
  column: string;
  kind: "missing column" | "extra column" | "type" | "nullability";
  message: string;
}

const ALIASES: Record<string, string> = {
  "character varying": "varchar",
  character: "char",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  "double precision": "float8",
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  serial: "integer",
  bigserial: "bigint",
  bool: "boolean",
};

/** A type name without modifiers or schema, in one spelling: `character varying(20)` → `varchar`. */
export function normaliseType(type: string): string {
  const bare = type
    .toLowerCase()
    .replace(/\(.*?\)/g, "")
    .replace(/^.*\./, "")
    .replace(/"/g, "")
    .trim();
  return ALIASES[bare] ?? bare;
}

/**
 * Differences between a Drizzle definition Switchyard uses and the live table: columns it
 * declares that are gone, types that differ, and columns it declares NOT NULL that the live table
 * lets be NULL (declaring nullable what is NOT NULL is harmless). Live columns it does not declare
 * are listed as "extra": harmless to Switchyard, which reads only what it declares.
 */
export function compareDefinition(
  definition: Table,
  live: readonly DetailColumn[],
  engine: "postgres" | "sqlite",
): Drift[] {
  const drift: Drift[] = [];
  const liveByName = new Map(live.map((column) => [column.name, column]));
  const declared = Object.values(getTableColumns(definition));
  for (const column of declared) {
    const match = liveByName.get(column.name);
    if (!match) {
      drift.push({
        column: column.name,
        kind: "missing column",
        message: `declared ${column.getSQLType()}, not in the live table`,
      });
      continue;
    }
    const want = normaliseType(column.getSQLType());
    const have = normaliseType(match.enumName ?? match.type);
    // SQLite compares by affinity: a TEXT timestamp read through a custom type is fine.
    const sameType = engine === "sqlite" ? affinity(want) === affinity(have) : want === have;
    if (!sameType) {
      drift.push({
        column: column.name,
        kind: "type",
        message: `declared ${column.getSQLType()}, live ${match.type}`,
      });
    }
    if (column.notNull && match.nullable) {
      drift.push({
        column: column.name,
        kind: "nullability",
        message: "declared NOT NULL, but the live column allows NULL",
      });
    }
  }
  const declaredNames = new Set(declared.map((column) => column.name));
  for (const column of live) {
    if (!declaredNames.has(column.name)) {
      drift.push({
        column: column.name,
        kind: "extra column",
        message: `${column.type} in the live table; Switchyard does not read it`,
      });
    }
  }
  return drift;
}

/** SQLite's type affinity rules (§3.1 of the datatype documentation). */
function affinity(type: string): string {
  const upper = type.toUpperCase();
  if (upper.includes("INT")) return "integer";
  if (/CHAR|CLOB|TEXT/.test(upper)) return "text";
  if (upper.includes("BLOB") || upper === "") return "blob";
  if (/REAL|FLOA|DOUB/.test(upper)) return "real";
  return "numeric";
}
