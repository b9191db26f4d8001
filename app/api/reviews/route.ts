import { defineMutationRoute, defineReadRoute } from "@/db/actions/define-route";
import { REQUEST_REVIEW } from "@/db/actions/migration-review-specs";
import { readHome } from "@/db/home-status";
import { listReviews } from "@/db/queries/review-view";
import { InputError } from "@/lib/input-error";
import { REVIEW_STATES, type ReviewState } from "@/lib/migrations/review/review-model";

/** Migration reviews, newest first: `?target=`, `?state=`, `?limit=` (≤ 500). */
export const GET = defineReadRoute("viewer", async (request) => {
  const query = new URL(request.url).searchParams;
  const state = query.get("state");
  if (state !== null && !REVIEW_STATES.includes(state as ReviewState)) {
    throw new InputError("state", `state must be one of ${REVIEW_STATES.join(", ")}`);
  }
  const limit = Number(query.get("limit") ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new InputError("limit", "limit must be an integer from 1 to 500");
  }
  const reviews = await readHome(() =>
    listReviews({
      target: query.get("target") ?? undefined,
      state: (state as ReviewState | null) ?? undefined,
      limit,
    }),
  );
  return { reviews };
});

/** Requests a review: `{ target, source, through, direction?: "apply" | "rollback", note? }`. */
export const POST = defineMutationRoute(REQUEST_REVIEW);
