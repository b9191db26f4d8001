import { defineMutationRoute } from "@/db/actions/define-route";
import { APPLY_REVIEW } from "@/db/actions/migration-review-specs";

/** Starts applying an approved review (admin): `{ confirm? }`; follow it with GET /api/reviews/{id}. */
export const POST = defineMutationRoute(APPLY_REVIEW);
