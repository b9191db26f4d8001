/**
 * What running migration SQL produced, shared by the dry run (in a transaction that is rolled
 * back) and the apply (for real), and stored with the review as JSON.
 */

/** One statement of a migration file, where it sits in the file. */
export interface SqlStatement {
  /** 0-based position in the file. */
  index: number;
  /** The statement's text as written (without the trailing semicolon). */
  text: string;
  /** 1-based line and column in the file. */
  line: number;
  column: number;
  /** The statement's first line, shortened, for tables and messages. */
  excerpt: string;
  /** Why this statement cannot run inside a transaction block, or null when it can. */
  outsideTransaction: string | null;
}

/** How a file is run: in one transaction, or statement by statement outside one (and why). */
export interface TransactionMode {
  mode: "transaction" | "none";
  reason: string | null;
}

export type StatementStatus =
  | "ok"
  | "failed"
  /** Not reached: an earlier statement failed. */
  | "not_run"
  /** A dry run never runs a statement that cannot run in a transaction (it could not be undone). */
  | "skipped_outside_transaction"
  /**
   * BEGIN, COMMIT, ROLLBACK… of a file that manages its own transaction: a dry run holds its own
   * transaction (and rolls it back), so it does not run them.
   */
  | "skipped_transaction_control";

export type CatalogObjectKind =
  | "schema"
  | "table"
  | "view"
  | "column"
  | "index"
  | "constraint"
  | "sequence"
  | "function"
  | "type"
  | "trigger"
  | "extension";

/** One catalog object a statement created, dropped or changed (catalog before vs after). */
export interface CatalogChange {
  kind: CatalogObjectKind;
  /** Qualified name: `schema.table`, `schema.table.column`, `schema.index`... */
  name: string;
  change: "created" | "dropped" | "altered";
  /** What changed for an altered object ("type integer → bigint", "NOT NULL added"). */
  detail?: string;
}

export interface StatementError {
  message: string;
  /** SQLSTATE, when the database gave one (SQLite: the driver's code, `SQLITE_ERROR`). */
  code: string | null;
  /** The database's DETAIL and HINT, when it gave them. */
  detail?: string;
  hint?: string;
  /** Where in the file the error points (the statement, or the character PostgreSQL reported). */
  line: number;
  column: number;
}

export interface StatementRun {
  index: number;
  line: number;
  column: number;
  excerpt: string;
  status: StatementStatus;
  durationMs: number | null;
  error: StatementError | null;
  changes: CatalogChange[];
}

export interface FileRun {
  migrationId: string;
  transaction: TransactionMode;
  ok: boolean;
  durationMs: number;
  statements: StatementRun[];
  /** Apply: how many times the file was tried (a lock that was not granted is tried again). */
  attempts?: number;
}

export interface DryRunResult {
  /** ISO timestamp. */
  ranAt: string;
  ok: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  files: FileRun[];
  /** The catalog compared before the dry run and after its rollback: true when identical. */
  catalogUnchanged: boolean | null;
  /** Honest notes: what was not run and why, what a SQLite dry run cannot tell. */
  notes: string[];
}
