import { defineReadRoute } from "@/db/actions/define-route";
import { readHome } from "@/db/home-status";
import { loadReviewDetail } from "@/db/queries/review-view";
import { InputError } from "@/lib/input-error";

/** One review with its lint, dry run, progress, approval blockers and whether its approval is void. */
export const GET = defineReadRoute("viewer", async (_request, params) => {
  const id = Number(params.reviewId);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new InputError("reviewId", "reviewId must be a positive integer");
  }
  return readHome(() => loadReviewDetail(id));
});
