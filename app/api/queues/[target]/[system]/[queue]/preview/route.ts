import { defineReadRoute } from "@/db/actions/define-route";
import { planBulk } from "@/db/bulk/plan-bulk";
import { bulkRequestSchema, PREVIEW_SIZE, TYPED_CONFIRMATION_OVER } from "@/lib/jobs/bulk-request";
import { assertParamsOk, fromSafeParse } from "@/lib/parse-params";

export const dynamic = "force-dynamic";

const FILTER_KEYS = ["state", "rawState", "type", "from", "to", "id"];

/**
 * What a bulk action would touch, without touching it: `?action=retry&source=…` plus the queue
 * page's filters, `ids=a,b` for a selection or `stuck=<code>`. Answers how many jobs, the first 20,
 * and whether the operator must type the number to confirm.
 */
export const GET = defineReadRoute("viewer", async (request, { target, system, queue }) => {
  const params = new URL(request.url).searchParams;
  const parsed = fromSafeParse(
    bulkRequestSchema.safeParse({
      target,
      system,
      queue,
      source: params.get("source") ?? "",
      action: params.get("action") ?? "",
      filter: Object.fromEntries(
        FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])),
      ),
      ids: params.get("ids") ? params.get("ids")?.split(",") : undefined,
      stuck: params.get("stuck") ?? undefined,
    }),
  );
  assertParamsOk(parsed);
  const plan = await planBulk(parsed.value);
  return {
    action: plan.action.code,
    writes: plan.action.writes,
    total: plan.overCap ? null : plan.items.length,
    overCap: plan.overCap,
    cap: plan.target.bulk.maxJobs,
    typedConfirmation: plan.items.length > TYPED_CONFIRMATION_OVER,
    jobs: plan.items
      .slice(0, PREVIEW_SIZE)
      .map((item) => ({ id: item.id, rawState: item.seenState })),
  };
});
