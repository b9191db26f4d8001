import { defineMutationRoute } from "@/db/actions/define-route";
import { DECIDE_REVIEW } from "@/db/actions/migration-review-specs";

/** Approves or rejects a checked review (admin): `{ approve, comment, overrides?: string[] }`. */
export const POST = defineMutationRoute(DECIDE_REVIEW);
