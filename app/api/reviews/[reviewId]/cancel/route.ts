import { defineMutationRoute } from "@/db/actions/define-route";
import { CANCEL_REVIEW } from "@/db/actions/migration-review-specs";

/** Cancels a review that has not started applying (its requester or an admin). */
export const POST = defineMutationRoute(CANCEL_REVIEW);
