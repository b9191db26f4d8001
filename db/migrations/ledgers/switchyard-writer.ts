import "server-only";
import { and, eq } from "drizzle-orm";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationLedger } from "@/db/schema";
import { type LedgerWriteContext, LedgerWriteError, type LedgerWriter } from "./ledger-writer";
import { checksumOf, expectRemoved, finishedAt, ledgerKey } from "./write-helpers";

function homeOf(context: LedgerWriteContext): HomeExecutor {
  if (context.home) return context.home;
  throw new LedgerWriteError(
    "home_unavailable",
    "Switchyard's own ledger lives in the home database, and none is available",
  );
}

/**
 * Switchyard's own ledger, `switchyard.migration_ledger` in the HOME database, for sources whose
 * tool records nothing itself. One row per (target, source, file): the SHA-256 of the file, who
 * applied it, when it finished and how long it ran, method `applied` (rows written after the fact
 * are `adopted`). `context.table` is not used: the table is Switchyard's own.
 *
 * The row is written on `context.home` (the home database or a transaction on it), not on the
 * target's transaction: the caller orders the two commits.
 */
export const switchyardWriter: LedgerWriter = {
  kind: "switchyard",
  /** The home database's own migrations create the table; this only checks there is a home. */
  async ensureTable(context) {
    homeOf(context);
  },
  async recordApplied(context, applied) {
    const { file } = applied;
    await homeOf(context)
      .insert(migrationLedger)
      .values({
        targetId: context.targetId,
        sourceId: context.sourceId,
        migrationId: ledgerKey("switchyard", file),
        name: file.name,
        checksum: checksumOf("switchyard", file),
        appliedAt: finishedAt(applied),
        appliedBy: applied.appliedBy,
        executionMs: Math.round(applied.durationMs),
        success: true,
        method: "applied",
      });
  },
  async recordRolledBack(context, file) {
    const removed = await homeOf(context)
      .delete(migrationLedger)
      .where(
        and(
          eq(migrationLedger.targetId, context.targetId),
          eq(migrationLedger.sourceId, context.sourceId),
          eq(migrationLedger.migrationId, ledgerKey("switchyard", file)),
        ),
      )
      .returning({ migrationId: migrationLedger.migrationId });
    expectRemoved(removed.length, "switchyard", context, file);
  },
};
