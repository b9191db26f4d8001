import "server-only";
import { eq } from "drizzle-orm";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationReviews } from "@/db/schema";
import type { Review, ReviewLint } from "@/lib/migrations/review/review-model";
import { dryRun } from "../dry-run/dry-run";
import { lintMigration } from "../lint-migration";
import type { ReviewContext } from "./review-context";

/** A dry run waits for locks only briefly: a busy table is reported, not waited for. */
const DRY_RUN_LOCK_TIMEOUT_MS = 2_000;
const DRY_RUN_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Attaches the lint of every file and a dry run of all of them (in one transaction that is rolled
 * back) to a requested review, and marks it checked. Call it with the review's row locked.
 */
export async function checkReview(
  tx: HomeExecutor,
  context: ReviewContext,
  review: Review,
): Promise<void> {
  const lint: ReviewLint[] = [];
  for (const file of review.files) {
    const result = await lintMigration(
      context.target,
      context.source,
      context.connection,
      file.sql,
    );
    lint.push({ migrationId: file.migrationId, findings: result.findings, notes: result.notes });
  }
  const rehearsal = await dryRun(
    context.connection,
    review.files.map((file) => ({ migrationId: file.migrationId, sql: file.sql })),
    { lockTimeoutMs: DRY_RUN_LOCK_TIMEOUT_MS, statementTimeoutMs: DRY_RUN_STATEMENT_TIMEOUT_MS },
  );
  await tx
    .update(migrationReviews)
    .set({ state: "checked", lint, dryRun: rehearsal, checkedAt: new Date(), error: null })
    .where(eq(migrationReviews.id, review.id));
}
