import { defineReadRoute } from "@/db/actions/define-route";
import { getStuck } from "@/db/queries/stuck-view";
import { assertParamsOk } from "@/lib/parse-params";
import { matchesStuck, parseStuckParams } from "@/lib/stuck/stuck-filter";

export const dynamic = "force-dynamic";

/**
 * Stuck jobs, longest-stuck first, with why: every target, or `?target=&system=&queue=&reason=`
 * as on the stuck page.
 */
export const GET = defineReadRoute("viewer", async (request) => {
  const parsed = parseStuckParams(new URL(request.url).searchParams);
  assertParamsOk(parsed);
  const filter = parsed.value;
  const view = await getStuck();
  return {
    stuck: view.jobs
      .filter((job) => matchesStuck(filter, job))
      .map((job) => ({
        target: job.target,
        system: job.system,
        queue: job.queue,
        source: job.source,
        jobId: job.jobId,
        reason: job.code,
        since: job.since,
        thresholdSeconds: job.thresholdSeconds,
        explanation: job.explanation,
        suggestedAction: job.suggestedAction,
      })),
    counts: view.counts.filter((count) => matchesStuck(filter, count)),
    unavailable: view.errors
      .filter((entry) => !filter.target || entry.target === filter.target)
      .map((entry) => ({
        target: entry.target,
        system: entry.system,
        error: entry.error.message,
      })),
  };
});
