import { and, eq } from "drizzle-orm";
import { describeDatabaseError, errorCode, isUnreachable } from "@/lib/database-error";
import type { HomeDatabase } from "../connect-home";
import { applyAction } from "../jobs/apply-action";
import { bulkOperationBatches } from "../schema";
import {
  abortBatch,
  BatchLost,
  commitBatch,
  failBatch,
  prepareBatch,
  renewBatchLease,
  reopenBatch,
} from "./batch-records";
import type { ClaimedBatch, WorkerIdentity } from "./claim-batch";
import type { ContextResolver, OperationContext } from "./operation-context";
import { noteError, operationStatus, pauseOperation } from "./operation-state";
import { targetOutcome } from "./target-outcome";

export type BatchEnd = "committed" | "failed" | "released" | "lost";

export interface RunBatchOptions {
  /** How long to wait before trying again while the target is unreachable (default 2 s). */
  retryDelayMs?: number;
  /**
   * How long one attempt's target transaction may take in all before the target is presumed gone
   * (default 60 s): a connection cut at the wrong moment can leave the driver waiting forever.
   */
  attemptDeadlineMs?: number;
}

const MAX_ATTEMPTS = 3;

/** Errors of the target's availability: pause and try the same batch again, never fail jobs for them. */
export function isTransient(error: unknown): boolean {
  const code = errorCode(error) ?? "";
  return isUnreachable(error) || /^(55P03|40001|40P01|53)/.test(code) || code === "SQLITE_BUSY";
}

/**
 * Applies one claimed batch on the target, exactly once. The batch is recorded prepared in the
 * home database (with the target transaction's id) before the target commits, and committed
 * after. While the target is unreachable the operation shows paused and the same batch is tried
 * again every few seconds; if the connection broke after the batch was prepared, the target's
 * commit log decides whether it happened. A heartbeat renews the worker's lease throughout. The
 * context is resolved at each attempt, so a target that was down when the batch was claimed
 * pauses the operation too.
 */
export async function runBatch(
  home: HomeDatabase["db"],
  claimed: ClaimedBatch,
  resolve: ContextResolver,
  worker: WorkerIdentity,
  options: RunBatchOptions = {},
): Promise<BatchEnd> {
  const { operation, batch, items } = claimed;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const heartbeat = startHeartbeat(home, claimed, worker);
  try {
    let attempts = 0;
    for (;;) {
      if (heartbeat.lost) return "lost";
      if ((await operationStatus(home, operation.id)) === "cancelling") {
        await abortBatch(home, operation.id, batch, "claimed");
        return "released";
      }
      let preparing: Promise<void> | undefined;
      let context: OperationContext | undefined;
      let abandoned = false;
      try {
        context = await resolve(operation);
        const attempt = applyAction(
          context.connection,
          context.source,
          context.action,
          items,
          { name: operation.createdBy, reason: operation.reason },
          {
            lockTimeoutMs: 1_000,
            beforeCommit: (result) => {
              // An attempt given up on must never commit late, beside the attempt that replaced it.
              if (abandoned) return Promise.reject(new Error("this attempt was given up on"));
              preparing = prepareBatch(home, operation.id, batch, result, worker.id);
              return preparing;
            },
          },
        );
        await withDeadline(attempt, options.attemptDeadlineMs ?? 60_000, () => {
          abandoned = true;
        });
        await commitBatch(home, operation.id, batch);
        return "committed";
      } catch (error) {
        if (heartbeat.lost || error instanceof BatchLost) return "lost";
        // A broken connection fails the target transaction at once, possibly while the batch
        // is still being recorded prepared: wait for that before deciding anything.
        const prepared = preparing
          ? await preparing.then(
              () => true,
              () => false,
            )
          : false;
        if (prepared && context) {
          // The connection broke around the commit: only the target knows whether it happened.
          const settled = await settleOwnBatch(home, claimed, context, worker, retryDelayMs);
          if (settled !== "reopened") return settled;
        }
        if (isTransient(error)) {
          await pauseOperation(
            home,
            operation.id,
            pauseReason(operation.target, error, retryDelayMs),
          );
          await pause(retryDelayMs);
          continue;
        }
        const reason = describeDatabaseError(error);
        attempts++;
        if (attempts < MAX_ATTEMPTS) {
          await noteError(home, operation.id, reason);
          await pause(500);
          continue;
        }
        await failBatch(home, operation.id, batch, worker.id, reason);
        return "failed";
      }
    }
  } finally {
    heartbeat.stop();
  }
}

/**
 * A batch this worker prepared whose commit it never saw confirmed: asks the target until it
 * answers. Committed → counted; aborted → back to claimed, to be applied again.
 */
async function settleOwnBatch(
  home: HomeDatabase["db"],
  claimed: ClaimedBatch,
  context: OperationContext,
  worker: WorkerIdentity,
  retryDelayMs: number,
): Promise<"committed" | "reopened" | "lost"> {
  const { operation, batch } = claimed;
  for (;;) {
    try {
      const [row] = await home
        .select({ txid: bulkOperationBatches.targetTxid })
        .from(bulkOperationBatches)
        .where(
          and(
            eq(bulkOperationBatches.operationId, operation.id),
            eq(bulkOperationBatches.batch, batch),
          ),
        );
      const outcome = await targetOutcome(context.connection, row?.txid ?? null);
      if (outcome === "committed") {
        // Counted once, whether by this worker or by one that took the batch back meanwhile.
        await commitBatch(home, operation.id, batch);
        return "committed";
      }
      if (outcome === "aborted")
        return (await reopenBatch(home, operation.id, batch, worker.id)) ? "reopened" : "lost";
    } catch (error) {
      if (!isTransient(error)) throw error;
      await pauseOperation(home, operation.id, pauseReason(operation.target, error, retryDelayMs));
    }
    await pause(retryDelayMs);
  }
}

/** What the operation page says while paused: which target, the driver's error, what happens next. */
function pauseReason(target: string, error: unknown, retryDelayMs: number): string {
  const what = isUnreachable(error) ? "could not be reached" : "is busy";
  return `Target "${target}" ${what} (${describeDatabaseError(error)}); trying again every ${retryDelayMs / 1000} s.`;
}

function startHeartbeat(home: HomeDatabase["db"], claimed: ClaimedBatch, worker: WorkerIdentity) {
  const state = { lost: false, stop: () => clearInterval(timer) };
  const timer = setInterval(
    () => {
      renewBatchLease(home, claimed.operation.id, claimed.batch, worker.id, worker.leaseSeconds)
        .then((held) => {
          if (!held) state.lost = true;
        })
        // The home database did not answer: the next beat tries again before the lease lapses.
        .catch(() => {});
    },
    (worker.leaseSeconds * 1000) / 3,
  );
  timer.unref();
  return state;
}

/** The attempt, or an unreachable-target error (ETIMEDOUT) once `ms` have passed without an answer. */
function withDeadline(
  attempt: Promise<unknown>,
  ms: number,
  onGiveUp: () => void,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onGiveUp();
      attempt.catch(() => {});
      reject(
        Object.assign(new Error(`the target did not answer within ${ms / 1000} s`), {
          code: "ETIMEDOUT",
        }),
      );
    }, ms);
  });
  return Promise.race([attempt, deadline]).finally(() => clearTimeout(timer));
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
