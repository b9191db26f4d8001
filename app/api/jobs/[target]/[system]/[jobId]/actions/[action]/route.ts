import { defineMutationRoute } from "@/db/actions/define-route";
import { ACT_ON_JOB } from "@/db/actions/job-action-specs";

/**
 * One action on one job: body `{ "source", "seenState", "seenVersion", "reason"? }` (the state
 * and version the caller saw, from GET /api/jobs/…); 409 `changed` when the job moved on.
 */
export const POST = defineMutationRoute(ACT_ON_JOB);
