import { defineReadRoute } from "@/db/actions/define-route";
import { queueJobs, resolveQueue } from "@/db/queries/queue-view";
import { appCursors } from "@/db/signing-keys";
import { parseJobListParams } from "@/lib/jobs/job-filter";
import { assertParamsOk } from "@/lib/parse-params";

export const dynamic = "force-dynamic";

/** One keyset page of a queue's jobs, newest first, light columns only. */
export const GET = defineReadRoute("viewer", async (request, { target, system, queue }) => {
  const parsed = parseJobListParams(new URL(request.url).searchParams);
  assertParamsOk(parsed);
  const resolved = await resolveQueue(target ?? "", system ?? "", queue ?? "");
  const page = await queueJobs(resolved, parsed.query, await appCursors());
  return {
    jobs: page.jobs.map(
      ({ id, state, rawState, type, createdAt, startedAt, finishedAt, attempts }) => ({
        id,
        state,
        rawState,
        type,
        createdAt,
        startedAt,
        finishedAt,
        attempts,
      }),
    ),
    nextCursor: page.nextCursor,
  };
});
