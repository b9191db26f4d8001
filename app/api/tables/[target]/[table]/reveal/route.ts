import { defineMutationRoute } from "@/db/actions/define-route";
import { REVEAL_ROW } from "@/db/tables/reveal-spec";

export const dynamic = "force-dynamic";

/** Admins only, audited: the unmasked values of one row's masked cells. Body: `{ "key": "…", "reason"?: "…" }`. */
export const POST = defineMutationRoute(REVEAL_ROW);
