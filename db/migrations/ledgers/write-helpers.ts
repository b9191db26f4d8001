import "server-only";
import { computeChecksum, LEDGER_ALGORITHM } from "@/lib/migrations/checksum";
import type { LedgerKind, MigrationFile } from "@/lib/migrations/model";
import { tableLabel } from "./ledger-reader";
import { type AppliedFile, type LedgerWriteContext, LedgerWriteError } from "./ledger-writer";
import type { PostgresExecutor } from "./query-table";
import { LEDGER_READERS } from "./read-ledger";

/** The target's PostgreSQL executor: every tool ledger but sqlx's is written on PostgreSQL only. */
export function postgresOf(context: LedgerWriteContext, kind: LedgerKind): PostgresExecutor {
  if (context.target.kind === "postgres") return context.target.sql;
  throw new LedgerWriteError(
    "ledger_unsupported",
    `${kind}'s ledger is written on PostgreSQL targets only; this target is SQLite`,
  );
}

/**
 * The value the tool stores to name the file: exactly the key its reader matches rows on, so a
 * row written here is the row read back.
 */
export function ledgerKey(kind: LedgerKind, file: MigrationFile): string {
  return LEDGER_READERS[kind].keyOf(file);
}

/** A layout detail the ledger needs (drizzle's journal `when`, knex's file name...). */
export function requireMeta(kind: LedgerKind, file: MigrationFile, key: string): string | number {
  const value = file.meta[key];
  if (value === undefined) {
    throw new LedgerWriteError(
      "ledger_unsupported",
      `${file.id} has no ${key}: the ${kind} ledger needs a file read in the ${kind} layout`,
    );
  }
  return value;
}

/** The file's checksum as the tool stores it (hex, or Flyway's signed decimal). */
export function checksumOf(kind: LedgerKind, file: MigrationFile): string {
  const checksum = computeChecksum(LEDGER_ALGORITHM[kind], file.checksumInput);
  if (checksum === null) throw new Error(`${kind} keeps no checksum`);
  return checksum;
}

/** When the file finished: what tools that stamp the row after running the file record. */
export function finishedAt(applied: AppliedFile): Date {
  return new Date(applied.startedAt.getTime() + applied.durationMs);
}

/**
 * A timestamp parameter as ISO text: drizzle's postgres.js driver turns off postgres.js's own
 * date serializer on the clients it wraps (every target client here), so a Date is never sent.
 */
export const isoTime = (date: Date): string => date.toISOString();

/** A rollback that removed no row: the ledger did not record the file, so nothing may commit. */
export function expectRemoved(
  removed: number,
  kind: LedgerKind,
  context: LedgerWriteContext,
  file: MigrationFile,
): void {
  if (removed > 0) return;
  throw new LedgerWriteError(
    "ledger_row_missing",
    `${tableLabel(context.table)} (${kind}) has no row for ${file.id}; nothing was rolled back`,
  );
}
