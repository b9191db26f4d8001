import "server-only";
import { eq } from "drizzle-orm";
import { ActionRefusal } from "@/db/actions/action-refusal";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationReviews } from "@/db/schema";
import type { Review, ReviewPerson } from "@/lib/migrations/review/review-model";
import { cancelRefusal } from "@/lib/migrations/review/review-policy";
import { loadReview } from "./review-rows";

/** Cancels a review that has not started applying: its requester or an admin may. */
export async function cancelReview(
  tx: HomeExecutor,
  reviewId: number,
  actor: ReviewPerson,
  isAdmin: boolean,
): Promise<Review> {
  const review = await loadReview(tx, reviewId, { lock: true });
  const refusal = cancelRefusal(review, actor, isAdmin);
  if (refusal) throw new ActionRefusal(refusal.code, refusal.message);
  await tx
    .update(migrationReviews)
    .set({ state: "cancelled", finishedAt: new Date() })
    .where(eq(migrationReviews.id, reviewId));
  return loadReview(tx, reviewId);
}
