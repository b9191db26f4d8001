import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { home } from "@/db/index";
import { filesOnDisk, findSource, hashesOnDisk } from "@/db/migrations/reviews/review-context";
import { loadReview, toReview } from "@/db/migrations/reviews/review-rows";
import { migrationReviews } from "@/db/schema";
import { findTarget } from "@/db/targets/registry";
import { BEFORE_APPLY, type Review, type ReviewState } from "@/lib/migrations/review/review-model";
import {
  approvalBlockers,
  type Blocker,
  typedConfirmationFor,
  voidReason,
} from "@/lib/migrations/review/review-policy";

export interface ReviewDetail {
  review: Review;
  blockers: Blocker[];
  /** Why the files no longer match what was reviewed (approval void); null while they match. */
  voidReason: string | null;
  /** The text an admin types to apply (destructive statements), or null. */
  typedConfirmation: string | null;
  allowSelfApproval: boolean;
  sourceName: string;
}

/** A review with what the page needs to say what can happen next and why not. */
export async function loadReviewDetail(reviewId: number): Promise<ReviewDetail> {
  const review = await loadReview(home().db, reviewId);
  const target = findTarget(review.targetId);
  let changed: string | null = null;
  let sourceName = review.sourceId;
  if (!target) changed = `target "${review.targetId}" is no longer configured`;
  else {
    try {
      const source = findSource(target, review.sourceId);
      sourceName = source.name;
      changed = voidReason(review, hashesOnDisk(filesOnDisk(source)));
    } catch (error) {
      changed = (error as Error).message;
    }
  }
  return {
    review,
    blockers: approvalBlockers(review),
    voidReason: BEFORE_APPLY.includes(review.state) ? changed : null,
    typedConfirmation: typedConfirmationFor(review),
    allowSelfApproval: target?.apply.allowSelfApproval ?? false,
    sourceName,
  };
}

export interface ReviewFilter {
  target?: string;
  state?: ReviewState;
  limit?: number;
}

/** Reviews, newest first. */
export async function listReviews(filter: ReviewFilter = {}): Promise<Review[]> {
  const where: SQL[] = [];
  if (filter.target) where.push(eq(migrationReviews.targetId, filter.target));
  if (filter.state) where.push(eq(migrationReviews.state, filter.state));
  const rows = await home()
    .db.select()
    .from(migrationReviews)
    .where(and(...where))
    .orderBy(desc(migrationReviews.id))
    .limit(Math.min(filter.limit ?? 100, 500));
  return rows.map(toReview);
}
