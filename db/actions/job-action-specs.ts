import "server-only";
import { z } from "zod";
import { ACTION_CODES } from "@/lib/jobs/actions";
import { bulkRequestSchema, TYPED_CONFIRMATION_OVER } from "@/lib/jobs/bulk-request";
import { requestCancel } from "../bulk/claim-batch";
import { createOperation } from "../bulk/create-operation";
import { planBulk } from "../bulk/plan-bulk";
import { home } from "../index";
import { actOnJob } from "../jobs/act-on-job";
import { ActionRefusal } from "./action-refusal";
import { actionSpec } from "./run-guarded";

const reason = z.string().max(1000).optional();

/** One action on one job (job page, stuck list, API). */
export const ACT_ON_JOB = actionSpec({
  name: "jobs.act",
  role: "operator",
  input: z.object({
    target: z.string().min(1).max(100),
    system: z.string().min(1).max(100),
    source: z.string().min(1).max(100),
    jobId: z.string().min(1).max(200),
    action: z.enum(ACTION_CODES),
    seenState: z.string().max(200).nullable(),
    seenVersion: z.string().max(200).nullable(),
    reason,
  }),
  target: (input) => input.target,
  run: (input, { actor }) => actOnJob(input, actor?.name ?? "unknown"),
  revalidate: () => ["/", "/stuck"],
});

/** Starts a bulk operation after its preview (queue page, stuck list, API). */
export const START_BULK = actionSpec({
  name: "bulk.start",
  role: "operator",
  input: bulkRequestSchema,
  target: (input) => input.target,
  async run(input, { actor, tx }) {
    const plan = await planBulk(input);
    const total = plan.items.length;
    const where = {
      system: plan.instance.system,
      objects: {
        queue: input.queue,
        action: input.action,
        filter: input.filter,
        ids: input.ids?.length,
        stuck: input.stuck,
      },
    };
    if (plan.overCap) {
      throw new ActionRefusal(
        "too_many",
        `More than ${plan.target.bulk.maxJobs.toLocaleString("en")} jobs match; narrow the filter (the cap is bulk.maxJobs).`,
        { audit: where },
      );
    }
    if (total === 0)
      throw new ActionRefusal("nothing_to_do", "No job matches any more; nothing to do.", {
        audit: where,
      });
    if (total > TYPED_CONFIRMATION_OVER && input.confirmCount !== total) {
      throw new ActionRefusal(
        "confirm_count",
        input.confirmCount === undefined
          ? `Type the number of jobs (${total}) to confirm.`
          : `${total} jobs match now, not ${input.confirmCount}: check the preview again and type ${total}.`,
        { fieldErrors: { confirmCount: [`type ${total}`] } },
      );
    }
    const operationId = await createOperation(tx, {
      target: input.target,
      system: input.system,
      source: input.source,
      queue: input.queue,
      action: input.action,
      scope: { filter: input.filter, ids: input.ids, stuck: input.stuck },
      items: plan.items,
      createdBy: actor?.name ?? "unknown",
      reason: input.reason?.trim() || null,
      batchSize: plan.target.bulk.batchSize,
      pauseMs: plan.target.bulk.pauseMs,
    });
    return {
      data: { operationId, total },
      audit: { ...where, objects: { ...where.objects, operationId, total } },
    };
  },
  revalidate: () => ["/operations"],
});

/** Stops a running bulk operation after its current batch. */
export const CANCEL_BULK = actionSpec({
  name: "bulk.cancel",
  role: "operator",
  input: z.object({ operationId: z.uuid(), reason }),
  async run(input) {
    const operation = await requestCancel(home().db, input.operationId);
    if (!operation)
      throw new ActionRefusal("not_running", "That operation is not running any more.");
    return {
      data: { operationId: operation.id },
      audit: {
        target: operation.target,
        system: operation.system,
        objects: { operationId: operation.id },
      },
    };
  },
  revalidate: (input) => [`/operations/${input.operationId}`],
});
