import "server-only";
import { eq } from "drizzle-orm";
import { ActionRefusal } from "@/db/actions/action-refusal";
import { recordAudit } from "@/db/audit/record-audit";
import type { HomeDatabase } from "@/db/connect-home";
import { migrationReviews } from "@/db/schema";
import type { Review } from "@/lib/migrations/review/review-model";
import { reconcileSource } from "../reconcile-source";
import { filesOnDisk, type ReviewContext } from "../reviews/review-context";
import { loadReview, toReview } from "../reviews/review-rows";
import { type MigrationLock, takeTargetMigrationLock } from "./migration-lock";
import { reviewLedger } from "./review-ledger";

/**
 * Settles reviews left `applying` by an app that died mid-apply. Whoever applies holds the
 * target's migration lock until the review ends, so a review still `applying` whose lock can be
 * taken was interrupted. Each file's outcome is read back: from the tool's ledger (written in the
 * file's transaction) or, for Switchyard's own ledger, from the fate of the target transaction
 * noted just before it committed (`txid_status`), recording a row the crash left unwritten.
 */
export async function settleInterruptedApplies(
  home: HomeDatabase,
  contextFor: (targetId: string, sourceId: string) => ReviewContext,
): Promise<number[]> {
  const rows = await home.db
    .select()
    .from(migrationReviews)
    .where(eq(migrationReviews.state, "applying"));
  const settled: number[] = [];
  for (const row of rows) {
    const review = toReview(row);
    const context = contextFor(review.targetId, review.sourceId);
    let lock: MigrationLock;
    try {
      lock = await takeTargetMigrationLock(context, `switchyard: settling review #${review.id}`);
    } catch (error) {
      if (error instanceof ActionRefusal) continue; // still being applied somewhere
      throw error;
    }
    try {
      const current = await loadReview(home.db, review.id);
      if (current.state !== "applying") continue;
      await settle(context, current, row.commits);
      settled.push(review.id);
    } finally {
      await lock.release();
    }
  }
  return settled;
}

async function settle(context: ReviewContext, review: Review, commits: Record<string, string>) {
  const done: string[] = [];
  const notDone: string[] = [];
  const ledger = reviewLedger(
    context,
    filesOnDisk(context.source),
    review.appliedBy ?? { id: "", name: "" },
    review.direction,
  );
  const recorded = await recordedStates(context);
  for (const file of review.files) {
    const inLedger = recorded.get(file.migrationId) === "applied";
    const finished = review.direction === "apply" ? inLedger : !inLedger;
    if (finished) {
      done.push(file.migrationId);
      continue;
    }
    const xid = commits[file.migrationId];
    if (context.source.ledger.kind === "switchyard" && xid && (await committed(context, xid))) {
      await ledger.inHome(file.migrationId, {
        startedAt: review.applyStartedAt ?? new Date(),
        durationMs: 0,
      });
      done.push(file.migrationId);
      continue;
    }
    notDone.push(file.migrationId);
  }
  const complete = notDone.length === 0;
  const verb = review.direction === "apply" ? "applied" : "rolled back";
  const message = complete
    ? null
    : `Interrupted: the app stopped during the ${review.direction}. ${done.length > 0 ? `${verb} and recorded: ${done.join(", ")}. ` : ""}Not ${verb} and not recorded: ${notDone.join(", ")} (its transaction never committed).`;
  await context.home.db
    .update(migrationReviews)
    .set({ state: complete ? "applied" : "failed", error: message, finishedAt: new Date() })
    .where(eq(migrationReviews.id, review.id));
  await recordAudit(context.home.db, {
    actor: { kind: "system", name: "migration worker" },
    action: `migrations.${review.direction}_settled`,
    target: review.targetId,
    objects: { reviewId: review.id, source: review.sourceId, done, notDone },
    outcome: complete ? "ok" : "failed",
  });
}

async function recordedStates(context: ReviewContext) {
  const report = await reconcileSource(context.source, {
    targetId: context.target.id,
    connection: context.connection,
    home: context.home.sql,
  });
  return new Map(report.migrations.map((migration) => [migration.id, migration.state]));
}

async function committed(context: ReviewContext, xid: string): Promise<boolean> {
  if (context.connection.kind !== "postgres") return false;
  const [row] = await context.connection.sql<{ status: string | null }[]>`
    select txid_status(${xid}::bigint) as status`;
  return row?.status === "committed";
}
