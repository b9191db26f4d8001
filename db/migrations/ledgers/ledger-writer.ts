import "server-only";
import type { Transaction } from "@libsql/client";
import type { HomeExecutor } from "@/db/home-executor";
import type { LedgerKind, MigrationFile } from "@/lib/migrations/model";
import type { QualifiedTable } from "./ledger-reader";
import type { PostgresExecutor } from "./query-table";

/**
 * Where a ledger row is written. Tool ledgers live in the target and are written on the very
 * transaction (or session) that ran the file, so the file and its row commit together.
 * Switchyard's own ledger lives in the home database.
 */
export type LedgerTarget =
  | { kind: "postgres"; sql: PostgresExecutor }
  | { kind: "sqlite"; tx: Transaction };

export interface LedgerWriteContext {
  target: LedgerTarget;
  /** The home database, for Switchyard's own ledger. */
  home: HomeExecutor | null;
  targetId: string;
  sourceId: string;
  /** The tracking table (the tool's default or the configured one). */
  table: QualifiedTable;
}

export interface AppliedFile {
  file: MigrationFile;
  /** Operator name, as Switchyard's audit log names them. */
  appliedBy: string;
  startedAt: Date;
  durationMs: number;
}

/** Writes one tool's tracking table in that tool's own format, so the tool agrees afterwards. */
export interface LedgerWriter {
  kind: LedgerKind;
  /** Creates the tracking table with the tool's own DDL when it does not exist yet. */
  ensureTable(context: LedgerWriteContext): Promise<void>;
  /** Records that the file was applied, with the tool's own key, checksum and columns. */
  recordApplied(context: LedgerWriteContext, applied: AppliedFile): Promise<void>;
  /**
   * Records a rollback: removes the file's row, or marks it rolled back where the tool does so.
   * `previous` is the file applied just before this one in the source's order (null when this is
   * the first): golang-migrate's single row moves back to it, and its writer refuses when it is
   * not given; the other writers ignore it. Throws `LedgerWriteError("ledger_row_missing")` when
   * the ledger holds no row for the file, so the rollback's transaction does not commit.
   */
  recordRolledBack(
    context: LedgerWriteContext,
    file: MigrationFile,
    previous?: MigrationFile | null,
  ): Promise<void>;
}

export type LedgerWriteErrorCode =
  /** The tool's ledger is not written on this kind of database (only sqlx is, on SQLite). */
  | "ledger_unsupported"
  /** A rollback found no row recording the file. */
  | "ledger_row_missing"
  /** golang-migrate's rollback was not told which file precedes the rolled-back one. */
  | "previous_required"
  /** Switchyard's own ledger needs the home database, and none was given. */
  | "home_unavailable";

/** A ledger write that cannot be done as asked; the apply's transaction must not commit. */
export class LedgerWriteError extends Error {
  readonly code: LedgerWriteErrorCode;

  constructor(code: LedgerWriteErrorCode, message: string) {
    super(message);
    this.name = "LedgerWriteError";
    this.code = code;
  }
}
