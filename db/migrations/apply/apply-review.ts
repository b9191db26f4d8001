import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { ActionRefusal } from "@/db/actions/action-refusal";
import { recordAudit } from "@/db/audit/record-audit";
import { forgetCached, readsOfTarget } from "@/db/cache";
import { migrationReviews } from "@/db/schema";
import { describeDatabaseError } from "@/lib/database-error";
import { loadParser } from "@/lib/migrations/parse-tree";
import type { Review, ReviewPerson } from "@/lib/migrations/review/review-model";
import { applyRefusal, voidReason } from "@/lib/migrations/review/review-policy";
import type { FileRun } from "@/lib/migrations/run-model";
import { splitStatements, transactionMode } from "@/lib/migrations/statements";
import { filesOnDisk, hashesOnDisk, type ReviewContext } from "../reviews/review-context";
import { loadReview } from "../reviews/review-rows";
import { scopeReview } from "../reviews/review-scope";
import { type MigrationLock, takeTargetMigrationLock } from "./migration-lock";
import { type ReviewLedger, reviewLedger } from "./review-ledger";
import { runPostgresFile } from "./run-postgres-file";
import { runSqliteFile } from "./run-sqlite-file";

export interface StartedApply {
  review: Review;
  /** Settles when every file has run (or one failed): the review as it ended. */
  done: Promise<Review>;
}

/**
 * Starts applying an approved review: checks it still holds (files unchanged, the same migrations
 * still to run, the typed confirmation), takes the target's migration lock — refusing with the
 * holder's name when someone has it — and moves the review to `applying` exactly once. The files
 * then run in the background on the session that holds the lock.
 */
export async function startApply(
  context: ReviewContext,
  reviewId: number,
  admin: ReviewPerson,
  typed: string | null,
): Promise<StartedApply> {
  const db = context.home.db;
  const review = await loadReview(db, reviewId);
  const disk = filesOnDisk(context.source);
  const refusal = applyRefusal(review, {
    voidReason: voidReason(review, hashesOnDisk(disk)),
    typed,
  });
  if (refusal) throw new ActionRefusal(refusal.code, refusal.message);
  await stillToRun(context, review);

  const lock = await takeTargetMigrationLock(
    context,
    `switchyard: review #${review.id} ${review.direction} by ${admin.name}`,
  );
  const [claimed] = await db
    .update(migrationReviews)
    .set({
      state: "applying",
      appliedById: admin.id,
      appliedBy: admin.name,
      applyStartedAt: new Date(),
      progress: [],
      commits: {},
      error: null,
    })
    .where(and(eq(migrationReviews.id, reviewId), eq(migrationReviews.state, "approved")))
    .returning({ id: migrationReviews.id });
  if (!claimed) {
    await lock.release();
    const now = await loadReview(db, reviewId);
    const again = applyRefusal(now, { voidReason: null, typed });
    throw new ActionRefusal(again?.code ?? "conflict", again?.message ?? "Try again.");
  }
  const applying = await loadReview(db, reviewId);
  const ledger = reviewLedger(context, disk, admin, review.direction);
  const done = runFiles(context, applying, lock, ledger).finally(() => lock.release());
  return { review: applying, done };
}

/** The review's migrations must still be exactly the ones to run (nobody applied them meanwhile). */
async function stillToRun(context: ReviewContext, review: Review) {
  const last = review.files.at(-1)?.migrationId ?? "";
  const now = await scopeReview(context, review.direction, last).catch(() => []);
  const same =
    now.length === review.files.length &&
    now.every((file, index) => file.migrationId === review.files[index]?.migrationId);
  if (!same) {
    throw new ActionRefusal(
      "stale_review",
      `The database changed since review #${review.id}: ${review.direction === "apply" ? "these migrations are no longer exactly the pending ones" : "these migrations are no longer the newest applied ones"}. Request a new review.`,
    );
  }
}

async function runFiles(
  context: ReviewContext,
  review: Review,
  lock: MigrationLock,
  ledger: ReviewLedger,
): Promise<Review> {
  const db = context.home.db;
  const dialect = context.connection.kind === "postgres" ? "postgresql" : "sqlite";
  const runs: FileRun[] = [];
  const save = async (
    current: FileRun | null,
    extra: Partial<typeof migrationReviews.$inferInsert> = {},
  ) => {
    await db
      .update(migrationReviews)
      .set({ progress: current ? [...runs, current] : runs, ...extra })
      .where(eq(migrationReviews.id, review.id));
  };
  let failure: string | null = null;
  try {
    await loadParser();
    for (const file of review.files) {
      const statements = splitStatements(file.sql, dialect);
      const toRun = {
        migrationId: file.migrationId,
        statements,
        transaction: transactionMode(file.sql, statements),
      };
      const startedAt = new Date();
      const timing = () => ({ startedAt, durationMs: Date.now() - startedAt.getTime() });
      const run =
        context.connection.kind === "postgres"
          ? await runPostgresFile(lock.session, toRun, context.target.apply, {
              progress: (current) => save(current),
              record: (session) =>
                ledger.inTarget(file.migrationId, { kind: "postgres", sql: session }, timing()),
              beforeCommit: (xid) => recordCommit(context, review.id, file.migrationId, xid),
            })
          : await runSqliteFile(context.connection.client, toRun, {
              progress: (current) => save(current),
              record: (tx) => ledger.inTarget(file.migrationId, { kind: "sqlite", tx }, timing()),
            });
      runs.push(run);
      if (!run.ok) {
        failure = failureMessage(review, run);
        break;
      }
      await ledger.inHome(file.migrationId, timing());
      await save(null);
    }
  } catch (error) {
    failure = `The apply stopped: ${describeDatabaseError(error)}`;
  }
  await save(null, {
    state: failure ? "failed" : "applied",
    error: failure,
    finishedAt: new Date(),
  });
  forgetCached(...readsOfTarget(review.targetId));
  const ended = await loadReview(db, review.id);
  await recordAudit(db, {
    actor: { kind: "operator", id: ended.appliedBy?.id ?? null, name: ended.appliedBy?.name ?? "" },
    action: `migrations.${review.direction}_finished`,
    target: review.targetId,
    objects: {
      reviewId: review.id,
      source: review.sourceId,
      migrations: review.files.map((f) => f.migrationId),
    },
    outcome: failure ? "failed" : "ok",
    changed: runs.filter((run) => run.ok).length,
    failed: failure ? 1 : 0,
    ...(failure ? { errorCode: "migration_failed" } : {}),
  }).catch((error: unknown) =>
    console.error("switchyard: audit of an apply:", describeDatabaseError(error)),
  );
  return ended;
}

/** Notes the target transaction that is about to commit a file, so a crash can be settled. */
async function recordCommit(
  context: ReviewContext,
  reviewId: number,
  migrationId: string,
  xid: string,
) {
  await context.home.db
    .update(migrationReviews)
    .set({
      commits: sql`${migrationReviews.commits} || ${JSON.stringify({ [migrationId]: xid })}::jsonb`,
    })
    .where(eq(migrationReviews.id, reviewId));
}

function failureMessage(review: Review, run: FileRun): string {
  const failed = run.statements.find((statement) => statement.status === "failed");
  const where = failed ? ` at line ${failed.line} (${failed.excerpt})` : "";
  const what = failed?.error?.message ?? "it did not finish";
  const undone =
    run.transaction.mode === "transaction"
      ? "everything it did was rolled back and its ledger row was not written"
      : `it ran outside a transaction, so the ${run.statements.filter((s) => s.status === "ok").length} statements before it took effect; its ledger row was not written`;
  const before = review.files.findIndex((file) => file.migrationId === run.migrationId);
  const earlier = review.files.slice(0, before).map((file) => file.migrationId);
  return `${run.migrationId} failed${where}: ${what}. ${undone[0]?.toUpperCase()}${undone.slice(1)}.${earlier.length > 0 ? ` Done before it, and kept: ${earlier.join(", ")}.` : ""}`;
}
