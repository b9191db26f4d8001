import { defineReadRoute } from "@/db/actions/define-route";
import { getJobView } from "@/db/queries/job-view";

export const dynamic = "force-dynamic";

/** One job: every field, its history and what its system records about it. `?source=` picks the table. */
export const GET = defineReadRoute("viewer", async (request, { target, system, jobId }) => {
  const sourceId = new URL(request.url).searchParams.get("source") ?? undefined;
  const view = await getJobView(target ?? "", system ?? "", jobId ?? "", sourceId);
  const { fields, ...job } = view.job;
  return {
    job: { ...job, target: view.target.id, system: view.instance.system },
    fields,
    history: view.timeline,
    facts: view.explanation.facts,
    related: view.explanation.related,
  };
});
