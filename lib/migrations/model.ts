/**
 * The migration model shared by sources (files on disk), ledgers (what a database recorded) and
 * reconciliation. Every fact carries its provenance: recorded by the tool that applied it,
 * computed by Switchyard from the files, or inferred (from the catalog or from a rule).
 */

export const MIGRATION_STATES = [
  "applied",
  "pending",
  "drifted",
  "missing_file",
  "failed",
  "dirty",
  "out_of_order",
  "appears_applied",
] as const;
export type MigrationState = (typeof MIGRATION_STATES)[number];

/** States that make `migrations status` exit non-zero: the database and the files disagree. */
export const PROBLEM_STATES: readonly MigrationState[] = [
  "drifted",
  "missing_file",
  "failed",
  "dirty",
  "out_of_order",
];

export type Provenance = "recorded" | "computed" | "inferred";

export const LAYOUTS = [
  "numbered",
  "timestamped",
  "up-down",
  "sqlx",
  "drizzle",
  "prisma",
  "supabase",
  "flyway",
  "golang-migrate",
  "node-pg-migrate",
  "knex",
] as const;
export type Layout = (typeof LAYOUTS)[number];

export const LEDGER_KINDS = [
  "drizzle",
  "sqlx",
  "prisma",
  "supabase",
  "flyway",
  "knex",
  "node-pg-migrate",
  "golang-migrate",
  "switchyard",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export type ChecksumAlgorithm = "sha256" | "sha384" | "crc32" | "none";

export type Severity = "info" | "warning" | "error";

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  provenance: Provenance;
  /** The file the finding is about, relative to the source folder, when there is one. */
  file?: string;
}

/** One migration as the files describe it (a file, a pair of files, or a folder). */
export interface MigrationFile {
  /** Stable id within the source, used in URLs: the file (or folder) name without `.sql`. */
  id: string;
  name: string;
  /** The version as the layout defines it (numeric prefix, timestamp, journal index...). */
  version: string;
  /** Sorts files in the order the tool applies them (zero-padded, compared as strings). */
  orderKey: string;
  /** Paths of the files, relative to the source folder. */
  paths: string[];
  /** The text the tool runs (after `{schema}` substitution). */
  upSql: string;
  downSql: string | null;
  /** The exact bytes a ledger checksum is computed over, per ledger (the up file as stored). */
  checksumInput: Uint8Array;
  /** Layout details a ledger matches on: drizzle's journal `when`, sqlx's description... */
  meta: Record<string, string | number>;
  findings: Finding[];
}

/** A source read from disk: the migrations in apply order plus what did not fit the layout. */
export interface SourceRead {
  files: MigrationFile[];
  findings: Finding[];
}

/** One row of a ledger, normalised; `raw` keeps the row exactly as stored. */
export interface LedgerRow {
  /** The value matched against a file's ledger key. */
  key: string;
  name: string | null;
  appliedAt: Date | null;
  durationMs: number | null;
  appliedBy: string | null;
  /** Hex (or decimal for CRC32) checksum as recorded, or null when the tool keeps none. */
  checksum: string | null;
  /** false when the tool recorded that the migration did not finish. */
  success: boolean;
  /** golang-migrate's dirty flag. */
  dirty: boolean;
  raw: Record<string, unknown>;
}

export interface LedgerRead {
  kind: LedgerKind;
  /** Where it lives, e.g. `drizzle.__drizzle_migrations`. */
  table: string;
  /** false when the tracking table does not exist (nothing was ever recorded). */
  present: boolean;
  algorithm: ChecksumAlgorithm;
  rows: LedgerRow[];
  /** golang-migrate: one row says "everything at or below this version". */
  highWaterMark: boolean;
  findings: Finding[];
}

export interface Fact {
  label: string;
  value: string;
  provenance: Provenance;
  /** Where the fact came from: a column, a file, a catalog lookup. */
  from: string;
}

/** What the catalog says about one object a migration creates. */
export interface EvidenceItem {
  kind: "schema" | "table" | "column" | "index" | "function" | "type" | "view" | "sequence";
  name: string;
  exists: boolean;
}

export interface Evidence {
  matched: number;
  total: number;
  items: EvidenceItem[];
  /** Statements that could not be parsed or checked. */
  notes: string[];
}

export interface Migration {
  id: string;
  name: string;
  version: string;
  orderKey: string;
  state: MigrationState;
  file: MigrationFile | null;
  ledgerRow: LedgerRow | null;
  appliedAt: Date | null;
  durationMs: number | null;
  appliedBy: string | null;
  checksum: { recorded: string | null; computed: string | null; algorithm: ChecksumAlgorithm };
  findings: Finding[];
  facts: Fact[];
  evidence: Evidence | null;
}
