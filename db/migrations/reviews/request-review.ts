import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { ActionRefusal } from "@/db/actions/action-refusal";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationReviews } from "@/db/schema";
import { contentHash } from "@/lib/migrations/review/file-hash";
import {
  BEFORE_APPLY,
  type Review,
  type ReviewDirection,
  type ReviewPerson,
  type ReviewState,
} from "@/lib/migrations/review/review-model";
import type { ReviewContext } from "./review-context";
import { toReview } from "./review-rows";
import { scopeReview } from "./review-scope";

const OPEN: ReviewState[] = [...BEFORE_APPLY, "applying"];

export interface ReviewRequest {
  direction: ReviewDirection;
  /** The last migration the review covers (see scopeReview). */
  through: string;
  note: string | null;
}

/**
 * Records a review of the migrations `request` covers, with their exact text. The review worker
 * then attaches the lint and the dry run (state `checked`).
 */
export async function requestReview(
  tx: HomeExecutor,
  context: ReviewContext,
  request: ReviewRequest,
  requester: ReviewPerson,
): Promise<Review> {
  const files = await scopeReview(context, request.direction, request.through);
  const open = await tx
    .select({
      id: migrationReviews.id,
      state: migrationReviews.state,
      files: migrationReviews.files,
    })
    .from(migrationReviews)
    .where(
      and(
        eq(migrationReviews.targetId, context.target.id),
        eq(migrationReviews.sourceId, context.source.id),
        eq(migrationReviews.direction, request.direction),
        inArray(migrationReviews.state, OPEN),
      ),
    );
  const ids = new Set(files.map((file) => file.migrationId));
  const overlapping = open.find((review) => review.files.some((file) => ids.has(file.migrationId)));
  if (overlapping) {
    throw new ActionRefusal(
      "conflict",
      `Review #${overlapping.id} (${overlapping.state}) already covers some of these migrations; finish or cancel it first.`,
    );
  }
  const [row] = await tx
    .insert(migrationReviews)
    .values({
      targetId: context.target.id,
      sourceId: context.source.id,
      direction: request.direction,
      files,
      contentHash: contentHash(files),
      note: request.note,
      requestedById: requester.id,
      requestedBy: requester.name,
    })
    .returning();
  if (!row) throw new Error("the review was not recorded");
  return toReview(row);
}
