/** Writing ledger rows in tests the way the apply engine does: on the transaction that ran the file. */
import type postgres from "postgres";
import type { HomeExecutor } from "@/db/home-executor";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { MigrationFile } from "@/lib/migrations/model";
import type {
  AppliedFile,
  LedgerTarget,
  LedgerWriteContext,
  LedgerWriter,
} from "../ledgers/ledger-writer";
import { LEDGER_WRITERS } from "../ledgers/ledger-writers";
import { ledgerTableOf } from "../ledgers/read-ledger";
import { readSource } from "../sources/read-source";

export const TARGET_ID = "t";

/** The files of a source, in apply order. */
export function filesOf(source: MigrationSourceConfig): MigrationFile[] {
  return readSource(source).files;
}

/** A fixed, recognisable run: applied by `ops`, for 1.5 s. */
export function appliedFile(file: MigrationFile): AppliedFile {
  return {
    file,
    appliedBy: "ops",
    startedAt: new Date("2026-03-01T10:00:00.000Z"),
    durationMs: 1_500,
  };
}

export function writeContext(
  source: MigrationSourceConfig,
  target: LedgerTarget,
  home: HomeExecutor | null = null,
): LedgerWriteContext {
  const table = ledgerTableOf(source.ledger);
  return {
    target,
    home,
    targetId: TARGET_ID,
    sourceId: source.id,
    table: target.kind === "sqlite" ? { ...table, schema: null } : table,
  };
}

/** Runs `work` on one PostgreSQL transaction, with the source's writer and a context on it. */
export async function inLedgerTransaction(
  sql: postgres.Sql,
  source: MigrationSourceConfig,
  work: (
    writer: LedgerWriter,
    context: LedgerWriteContext,
    tx: postgres.TransactionSql,
  ) => Promise<void>,
  home: HomeExecutor | null = null,
): Promise<void> {
  await sql.begin(async (tx) => {
    await work(
      LEDGER_WRITERS[source.ledger.kind],
      writeContext(source, { kind: "postgres", sql: tx }, home),
      tx,
    );
  });
}

/**
 * Runs each file's SQL and writes its row, all on one transaction (as one apply would). `sqlOf`
 * gives the SQL a file runs when it is not its text (knex's JavaScript migrations).
 */
export async function applyWithLedger(
  sql: postgres.Sql,
  source: MigrationSourceConfig,
  files: readonly MigrationFile[],
  sqlOf: (file: MigrationFile) => string = (file) => file.upSql,
): Promise<void> {
  await inLedgerTransaction(sql, source, async (writer, context, tx) => {
    await writer.ensureTable(context);
    for (const file of files) {
      await tx.unsafe(sqlOf(file));
      await writer.recordApplied(context, appliedFile(file));
    }
  });
}
