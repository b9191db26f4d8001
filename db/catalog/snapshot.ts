import type { RelationKind } from "./table-summary";

/** Column facts adapters need to recognise a system and build its queries. */
export interface CatalogColumn {
  name: string;
  /** Formatted type: `text`, `timestamp with time zone`, `uuid`, an enum's name, SQLite's declared type. */
  type: string;
  nullable: boolean;
  /** Labels of an enum type, in order. */
  enumValues?: string[];
}

export interface CatalogTable {
  /** `main` on SQLite. */
  schema: string;
  name: string;
  kind: RelationKind;
  columns: Map<string, CatalogColumn>;
  /** Values a CHECK (column IN (...)) constraint allows, per column. */
  checkValues: Map<string, string[]>;
}

/** The tables and columns of one target, read in one pass (detection runs on this, not on live queries). */
export interface CatalogSnapshot {
  engine: "postgres" | "sqlite";
  tables: CatalogTable[];
}

export function qualifiedName(table: Pick<CatalogTable, "schema" | "name">): string {
  return `${table.schema}.${table.name}`;
}

/** Tables with this name, in any schema (a schema name may differ from the documented one). */
export function tablesNamed(snapshot: CatalogSnapshot, name: string): CatalogTable[] {
  return snapshot.tables.filter((table) => table.name === name && table.kind !== "view");
}

export function tableIn(
  snapshot: CatalogSnapshot,
  schema: string,
  name: string,
): CatalogTable | undefined {
  return snapshot.tables.find((table) => table.schema === schema && table.name === name);
}

export function missingColumns(table: CatalogTable, required: readonly string[]): string[] {
  return required.filter((column) => !table.columns.has(column));
}

/** The raw state values the database itself documents for a column: enum labels or CHECK values. */
export function declaredValues(table: CatalogTable, column: string): string[] | undefined {
  return table.columns.get(column)?.enumValues ?? table.checkValues.get(column);
}
