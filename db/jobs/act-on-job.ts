import "server-only";
import { errorCode } from "@/lib/database-error";
import type { ActionCode } from "@/lib/jobs/actions";
import { ActionRefusal } from "../actions/action-refusal";
import type { AuditDetails } from "../actions/audit-details";
import { forgetCached, READS_AN_ACTION_CHANGES } from "../cache";
import { resolveSystem } from "../queries/target-systems";
import { connectionFor } from "../targets/registry";
import { applyAction } from "./apply-action";
import { getJobRecord } from "./get-job";
import { describeLockHolder, lockHolders } from "./lock-holders";

export interface JobActionRequest {
  target: string;
  system: string;
  source: string;
  jobId: string;
  action: ActionCode;
  /** The raw state and row version on the operator's screen: the job must still have them. */
  seenState: string | null;
  seenVersion: string | null;
  reason?: string;
}

/**
 * One action on one job, as a compare-and-set. A job that changed since the operator saw it,
 * or that a worker holds right now, is left alone and the refusal says so.
 */
export async function actOnJob(
  request: JobActionRequest,
  author: string,
): Promise<{ data: { state: string | null }; audit: AuditDetails }> {
  const { target, instance } = await resolveSystem(request.target, request.system);
  const source = instance.sources.find((candidate) => candidate.id === request.source);
  if (!source) throw new ActionRefusal("not_found", `No ${request.source} in ${instance.name}.`);
  const action = source.actions?.supported.find((candidate) => candidate.code === request.action);
  if (!action) {
    const why = source.actions?.unsupported.find(
      (candidate) => candidate.code === request.action,
    )?.why;
    throw new ActionRefusal(
      "unsupported",
      why ?? `${instance.name} offers no ${request.action} here.`,
    );
  }
  const connection = connectionFor(target);
  const where = { system: instance.system, objects: { jobId: request.jobId, source: source.id } };
  let result: Awaited<ReturnType<typeof applyAction>>;
  try {
    result = await applyAction(
      connection,
      source,
      action,
      [{ id: request.jobId, seenState: request.seenState, seenVersion: request.seenVersion }],
      { name: author, reason: request.reason?.trim() || null },
      { lockTimeoutMs: 2_000 },
    );
  } catch (error) {
    if (errorCode(error) === "55P03") {
      const holders =
        connection.kind === "postgres"
          ? await lockHolders(connection, source.table).catch(() => [])
          : [];
      const by = holders.length > 0 ? ` by ${holders.map(describeLockHolder).join("; ")}` : "";
      throw new ActionRefusal(
        "locked",
        `The job's table is locked${by}; nothing was done after waiting 2 s. Try again once that session ends.`,
        { audit: where },
      );
    }
    throw error;
  }
  const after = await getJobRecord(connection, source, request.jobId);
  if (result.outcomes.get(request.jobId) !== "changed") {
    throw new ActionRefusal(
      "changed",
      after
        ? `The job changed since you looked at it (it is now ${after.rawState ?? "without a state"}), or a worker holds it right now; nothing was done.`
        : "The job no longer exists; nothing was done.",
      {
        audit: {
          ...where,
          before: { state: request.seenState },
          after: { state: after?.rawState ?? null },
          skipped: 1,
        },
      },
    );
  }
  forgetCached(...READS_AN_ACTION_CHANGES);
  return {
    data: { state: after?.rawState ?? null },
    audit: {
      ...where,
      before: { state: request.seenState },
      after: { state: after?.rawState ?? null },
      changed: 1,
    },
  };
}
