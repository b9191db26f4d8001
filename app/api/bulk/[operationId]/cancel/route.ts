import { defineMutationRoute } from "@/db/actions/define-route";
import { CANCEL_BULK } from "@/db/actions/job-action-specs";

/** Stops a bulk operation after its current batch. */
export const POST = defineMutationRoute(CANCEL_BULK);
