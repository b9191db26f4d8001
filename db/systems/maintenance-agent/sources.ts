import { sql } from "drizzle-orm";
import type { CatalogTable } from "../../catalog/snapshot";
import type { JobSource } from "../../jobs/job-source";
import { declaredStatesOf, idKindOf, ifPresent } from "../catalog-match";
import { memoryActions, reviewActions } from "./actions";
import type { MaintenanceAgentTables } from "./schema";
import { memoryStuckRules, reviewStuckRules } from "./stuck-rules";

export const MEMORY_SOURCE = "memory";
export const REVIEW_SOURCE = "review";
export const MEMORY_QUEUE = "system-processing";
export const REVIEW_QUEUE = "review";

/**
 * One row per equipment system, reused for every run of the agent over it:
 * pending → in_progress → completed | failed. Retry columns exist only after migration 001.
 */
export function memorySource(live: CatalogTable, tables: MaintenanceAgentTables): JobSource {
  const { memory } = tables;
  const nextRetryAt = ifPresent(live, memory.nextRetryAt);
  const attempts = ifPresent(live, memory.retryCount);
  const error = ifPresent(live, memory.lastError);
  const heartbeatAt = ifPresent(live, memory.updatedAt);
  return {
    id: MEMORY_SOURCE,
    label: "System processing",
    table: memory,
    columns: {
      id: memory.id,
      state: memory.processingStatus,
      type: memory.processingStage,
      createdAt: memory.createdAt,
      heartbeatAt,
      attempts,
      runAfter: nextRetryAt,
      error,
    },
    states: {
      raw: {
        pending: "waiting",
        in_progress: "running",
        completed: "succeeded",
        failed: "failed",
      },
      refinements: nextRetryAt
        ? [
            {
              from: ["failed"],
              to: "scheduled",
              when: sql`${nextRetryAt} is not null`,
              because: "failed, retry scheduled (next_retry_at is set)",
            },
          ]
        : [],
    },
    queues: { kind: "single", name: MEMORY_QUEUE },
    declaredStates: declaredStatesOf(live, "processing_status"),
    idKind: idKindOf(live, "id"),
    actions: memoryActions(live, tables),
    stuckRules: memoryStuckRules(live, tables),
    notes: {
      type: "The type is processing_stage: the step a run is at, or the one where it stopped.",
      startedAt:
        "No start time: the row of an equipment system is reused for every run, so created_at is when the agent first saw the system, not when this run started.",
      finishedAt:
        "No finish time: updated_at is the last write of any kind, so completions per hour (throughput) are not recorded.",
      ...(heartbeatAt
        ? {
            heartbeatAt:
              "updated_at is the only liveness signal: there is no lease or worker column, so an in_progress row whose updated_at stopped moving was left by an agent that died.",
          }
        : {}),
      ...(attempts
        ? {}
        : { attempts: "No retry count: migration 001 (retry tracking) is not applied." }),
      ...(error
        ? {}
        : { error: "No error column before migration 001: a failed row does not say why." }),
    },
  };
}

/** Tasks the agent extracted, waiting for a human: pending → approved | rejected. Nothing runs. */
export function reviewSource(live: CatalogTable, tables: MaintenanceAgentTables): JobSource {
  const { review } = tables;
  return {
    id: REVIEW_SOURCE,
    label: "Task review queue",
    table: review,
    columns: {
      id: review.id,
      state: review.status,
      type: ifPresent(live, review.taskType),
      createdAt: review.createdAt,
      finishedAt: ifPresent(live, review.reviewedAt),
      payload: ifPresent(live, review.sourceDetails),
      error: ifPresent(live, review.reviewNotes),
    },
    states: {
      raw: {
        pending: "waiting",
        approved: "succeeded",
        rejected: "cancelled",
      },
    },
    queues: { kind: "single", name: REVIEW_QUEUE },
    declaredStates: declaredStatesOf(live, "status"),
    idKind: idKindOf(live, "id"),
    actions: reviewActions(live, tables),
    stuckRules: reviewStuckRules(live, tables),
    notes: {
      state:
        "A human review queue: rejected is shown as cancelled because a reviewer closed the task, not because anything failed.",
      startedAt: "No running state: a task goes from pending straight to approved or rejected.",
      finishedAt: "reviewed_at: when a reviewer (or auto-approval) decided.",
      error:
        "review_notes: the reviewer's note, which on a rejected task is the rejection reason (approvals may carry a note too).",
      result: "No result column: the decision is the state.",
    },
  };
}
