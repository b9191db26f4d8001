import "server-only";
import { sql } from "drizzle-orm";
import type { HomeDatabase } from "@/db/connect-home";
import { migrationReviews } from "@/db/schema";
import { describeDatabaseError } from "@/lib/database-error";
import { checkReview } from "./check-review";
import type { ReviewContext } from "./review-context";
import { toReview } from "./review-rows";

/** A check that failed (the target was unreachable) is tried again after this long. */
const RETRY_SECONDS = 15;

/**
 * Checks the oldest requested review nobody else is checking (SKIP LOCKED: several instances
 * share the work; a crash mid-check rolls back and it is taken again). Returns its id, or null.
 */
export async function checkNextReview(
  home: HomeDatabase,
  contextFor: (targetId: string, sourceId: string) => ReviewContext,
): Promise<number | null> {
  return home.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(migrationReviews)
      .where(
        sql`${migrationReviews.state} = 'requested' and (${migrationReviews.checkedAt} is null
          or ${migrationReviews.checkedAt} < now() - make_interval(secs => ${RETRY_SECONDS}))`,
      )
      .orderBy(migrationReviews.requestedAt)
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    const review = toReview(row);
    try {
      await checkReview(tx, contextFor(review.targetId, review.sourceId), review);
    } catch (error) {
      await tx
        .update(migrationReviews)
        .set({
          checkedAt: new Date(),
          error: `The checks could not run (tried again in ${RETRY_SECONDS} s): ${describeDatabaseError(error)}`,
        })
        .where(sql`${migrationReviews.id} = ${review.id}`);
    }
    return review.id;
  });
}
