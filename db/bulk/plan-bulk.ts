import "server-only";
import type { SQL } from "drizzle-orm";
import type { TargetConfig } from "@/lib/config/schema";
import { InputError, NotFoundError } from "@/lib/input-error";
import type { BulkRequest } from "@/lib/jobs/bulk-request";
import { parseJobListParams } from "@/lib/jobs/job-filter";
import { assertParamsOk } from "@/lib/parse-params";
import type { ActionItem } from "../jobs/apply-action";
import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import { resolveQueue } from "../queries/queue-view";
import { rulesOf } from "../stuck/find-stuck";
import { thresholdResolver } from "../stuck/thresholds";
import type { SystemInstance } from "../systems/discover";
import { connectionFor } from "../targets/registry";
import { snapshotScope } from "./scope";

export interface BulkPlan {
  target: TargetConfig;
  instance: SystemInstance;
  source: JobSource;
  action: JobAction;
  /** The jobs as seen now, at most one more than the target's cap. */
  items: ActionItem[];
  overCap: boolean;
}

/**
 * What a bulk request would touch: the queue it names, the action its system supports there,
 * and a snapshot of the jobs matching its filter, selection or stuck rule. Shared by the preview
 * and the start, so both count the same jobs the same way.
 */
export async function planBulk(request: BulkRequest): Promise<BulkPlan> {
  const { target, instance, source } = await resolveQueue(
    request.target,
    request.system,
    request.queue,
  );
  if (source.id !== request.source)
    throw new NotFoundError(
      "queue",
      request.queue,
      `queue "${request.queue}" is not in ${request.source}`,
    );
  const action = source.actions?.supported.find((candidate) => candidate.code === request.action);
  if (!action) {
    const why = source.actions?.unsupported.find(
      (candidate) => candidate.code === request.action,
    )?.why;
    throw new InputError(
      "action",
      why ?? `${instance.name} offers no ${request.action} on ${source.label}.`,
    );
  }
  const parsed = parseJobListParams(new URLSearchParams(request.filter));
  assertParamsOk(parsed);

  const connection = connectionFor(target);
  let extra: SQL | undefined;
  if (request.stuck) {
    const rule = rulesOf(connection, source).find((candidate) => candidate.code === request.stuck);
    if (!rule || rule.kind === "custom")
      throw new InputError("stuck", `no bulk scope for ${request.stuck} on ${source.label}`);
    const thresholdOf = await thresholdResolver(target, instance);
    extra = rule.where(thresholdOf(rule.code, request.queue));
  }
  const items = await snapshotScope(
    connection,
    source,
    action,
    { queue: request.queue, filter: parsed.query.filter, ids: request.ids, extra },
    target.bulk.maxJobs + 1,
  );
  return { target, instance, source, action, items, overCap: items.length > target.bulk.maxJobs };
}
