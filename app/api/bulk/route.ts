import { defineMutationRoute } from "@/db/actions/define-route";
import { START_BULK } from "@/db/actions/job-action-specs";

/** Starts a bulk action (the body of GET …/preview plus `confirmCount` above 100 jobs). */
export const POST = defineMutationRoute(START_BULK);
