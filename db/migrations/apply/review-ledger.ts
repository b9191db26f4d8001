import "server-only";
import type { MigrationFile } from "@/lib/migrations/model";
import type { ReviewPerson } from "@/lib/migrations/review/review-model";
import type { LedgerTarget, LedgerWriteContext } from "../ledgers/ledger-writer";
import { LEDGER_WRITERS } from "../ledgers/ledger-writers";
import { ledgerTableOf } from "../ledgers/read-ledger";
import type { ReviewContext } from "../reviews/review-context";

export interface FileTiming {
  startedAt: Date;
  durationMs: number;
}

/**
 * The ledger of the source a review applies to. A tool's ledger lives in the target and is
 * written inside the file's own transaction (`inTarget`); Switchyard's own ledger lives in the
 * home database and is written once the file has committed (`inHome`).
 */
export interface ReviewLedger {
  inTarget(migrationId: string, target: LedgerTarget, timing: FileTiming): Promise<void>;
  inHome(migrationId: string, timing: FileTiming): Promise<void>;
}

export function reviewLedger(
  context: ReviewContext,
  disk: readonly MigrationFile[],
  admin: ReviewPerson,
  direction: "apply" | "rollback",
): ReviewLedger {
  const kind = context.source.ledger.kind;
  const writer = LEDGER_WRITERS[kind];
  const inHomeDatabase = kind === "switchyard";
  const table = ledgerTableOf(context.source.ledger);
  const write = async (target: LedgerTarget, migrationId: string, timing: FileTiming) => {
    const index = disk.findIndex((candidate) => candidate.id === migrationId);
    const file = disk[index];
    if (!file) throw new Error(`${migrationId} is no longer on disk`);
    const writeContext: LedgerWriteContext = {
      target,
      home: context.home.db,
      targetId: context.target.id,
      sourceId: context.source.id,
      table: target.kind === "sqlite" ? { ...table, schema: null } : table,
    };
    await writer.ensureTable(writeContext);
    if (direction === "apply") {
      await writer.recordApplied(writeContext, { file, appliedBy: admin.name, ...timing });
    } else {
      await writer.recordRolledBack(writeContext, file, disk[index - 1] ?? null);
    }
  };
  return {
    inTarget: (migrationId, target, timing) =>
      inHomeDatabase ? Promise.resolve() : write(target, migrationId, timing),
    inHome: (migrationId, timing) =>
      inHomeDatabase
        ? write({ kind: "postgres", sql: context.home.sql }, migrationId, timing)
        : Promise.resolve(),
  };
}
