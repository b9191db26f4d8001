import "server-only";
import type { Transaction } from "@libsql/client";
import type postgres from "postgres";
import type { HomeExecutor } from "@/db/home-executor";
import type { LedgerKind, MigrationFile } from "@/lib/migrations/model";
import type { QualifiedTable } from "./ledger-reader";

/**
 * Where a ledger row is written. Tool ledgers live in the target and are written on the very
 * transaction (or session) that ran the file, so the file and its row commit together.
 * Switchyard's own ledger lives in the home database.
 */
export type LedgerTarget =
  | { kind: "postgres"; sql: postgres.Sql | postgres.TransactionSql | postgres.ReservedSql }
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
  /** Records a rollback: removes the file's row, or marks it rolled back where the tool does so. */
  recordRolledBack(context: LedgerWriteContext, file: MigrationFile): Promise<void>;
}
