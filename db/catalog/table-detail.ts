import type { TargetConnection } from "../targets/connect";
import { readPostgresTableDetail } from "./postgres-table-detail";
import { readSqliteTableDetail } from "./sqlite-table-detail";
import type { RelationKind } from "./table-summary";

export interface DetailColumn {
  name: string;
  /** Formatted type (`timestamp with time zone`, `character varying(20)`, SQLite's declared type). */
  type: string;
  /** The underlying type name without modifiers (`varchar`, `int4`, `jsonb`); lowercased on SQLite. */
  baseType: string;
  nullable: boolean;
  /** The default expression as the database prints it. */
  default: string | null;
  comment: string | null;
  /** Identity or generated column (`always`, `by default`), or null. */
  identity: "always" | "by default" | null;
  /** Values of an enum type, in order. */
  enumValues?: string[];
  /** The enum type's name, for export. */
  enumName?: string;
  /** Array dimensions (PostgreSQL), 0 for scalars. */
  dimensions: number;
}

export interface DetailIndex {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** Partial index predicate or expression index: not usable as a keyset key. */
  partialOrExpression: boolean;
  definition: string;
  bytes: number | null;
  /** Scans since statistics were reset; null on SQLite. */
  scans: number | null;
  /** Never scanned and not backing a constraint: a candidate to drop. */
  unused: boolean;
}

export interface DetailConstraint {
  name: string;
  kind: "primary key" | "unique" | "check" | "foreign key" | "exclusion";
  definition: string;
}

export interface DetailForeignKey {
  name: string;
  /** The referencing side. */
  schema: string;
  table: string;
  columns: string[];
  /** The referenced side. */
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface DetailTrigger {
  name: string;
  definition: string;
  enabled: boolean;
}

export interface TableDetail {
  schema: string;
  name: string;
  kind: RelationKind;
  comment: string | null;
  columns: DetailColumn[];
  primaryKey: string[];
  indexes: DetailIndex[];
  constraints: DetailConstraint[];
  /** Foreign keys of this table. */
  references: DetailForeignKey[];
  /** Foreign keys of other tables pointing here. */
  referencedBy: DetailForeignKey[];
  triggers: DetailTrigger[];
  /** Partitions of a partitioned table, `schema.name`. */
  partitions: string[];
  /** The partitioned table this one is a partition of. */
  partitionOf: string | null;
  rowsEstimate: number | null;
  sizes: { table: number | null; indexes: number | null; toast: number | null };
  /** The view's or materialized view's query. */
  viewDefinition: string | null;
}

/** One relation's full description, or null when it does not exist. */
export function readTableDetail(
  connection: TargetConnection,
  schema: string,
  name: string,
): Promise<TableDetail | null> {
  return connection.kind === "postgres"
    ? readPostgresTableDetail(connection, schema, name)
    : readSqliteTableDetail(connection, name);
}
