import "server-only";
import { eq } from "drizzle-orm";
import { ActionRefusal } from "@/db/actions/action-refusal";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationReviews } from "@/db/schema";
import type { Review, ReviewPerson } from "@/lib/migrations/review/review-model";
import { decisionRefusal, voidReason } from "@/lib/migrations/review/review-policy";
import { filesOnDisk, hashesOnDisk, type ReviewContext } from "./review-context";
import { loadReview } from "./review-rows";

export interface Decision {
  approve: boolean;
  comment: string;
  /** Keys of the error findings the admin approves over (see approvalBlockers). */
  overrides: string[];
}

/** Approves or rejects a checked review, bound to the files as they are now. */
export async function decideReview(
  tx: HomeExecutor,
  context: ReviewContext,
  reviewId: number,
  decider: ReviewPerson,
  decision: Decision,
): Promise<Review> {
  const review = await loadReview(tx, reviewId, { lock: true });
  const refusal = decisionRefusal(review, decider, {
    approve: decision.approve,
    overrides: decision.overrides,
    allowSelfApproval: context.target.apply.allowSelfApproval,
  });
  if (refusal) throw new ActionRefusal(refusal.code, refusal.message);
  if (decision.approve) {
    const changed = voidReason(review, hashesOnDisk(filesOnDisk(context.source)));
    if (changed) {
      throw new ActionRefusal(
        "approval_void",
        `It cannot be approved: ${changed}. Request a new review of the files as they are now.`,
      );
    }
  }
  await tx
    .update(migrationReviews)
    .set({
      state: decision.approve ? "approved" : "rejected",
      decidedById: decider.id,
      decidedBy: decider.name,
      decidedAt: new Date(),
      decisionComment: decision.comment,
      overriddenFindings: decision.approve ? decision.overrides : [],
    })
    .where(eq(migrationReviews.id, reviewId));
  return loadReview(tx, reviewId);
}
