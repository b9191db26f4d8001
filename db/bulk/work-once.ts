import type { HomeDatabase } from "../connect-home";
import { type BulkOperation, claimBatch, type WorkerIdentity } from "./claim-batch";
import type { ContextResolver } from "./operation-context";
import { finishOperations } from "./operation-state";
import { reclaimExpiredBatches } from "./reclaim-batches";
import { type BatchEnd, type RunBatchOptions, runBatch } from "./run-batch";

export interface WorkOptions extends RunBatchOptions {
  /** The targets this instance is configured for; it claims batches on these only. */
  targets?: readonly string[];
}

export interface WorkRound {
  /** The batch this round worked on, and how it ended; null when there was nothing to claim. */
  batch: { operationId: string; batch: number; end: BatchEnd } | null;
  /** Operations this round ended (done or cancelled): the caller audits them. */
  finished: BulkOperation[];
}

/**
 * One round of a bulk worker: take back batches of workers that stopped, claim the next batch of
 * the oldest operation and apply it, then end the operations with nothing left to do. Every
 * instance runs these rounds; the home database coordinates them.
 */
export async function workOnce(
  home: HomeDatabase["db"],
  worker: WorkerIdentity,
  resolve: ContextResolver,
  options: WorkOptions = {},
): Promise<WorkRound> {
  await reclaimExpiredBatches(home, resolve, options.targets);
  const claimed = await claimBatch(home, worker, options.targets);
  let batch: WorkRound["batch"] = null;
  if (claimed) {
    const { operation } = claimed;
    const end = await runBatch(home, claimed, resolve, worker, options);
    batch = { operationId: operation.id, batch: claimed.batch, end };
    if (end === "committed" && operation.pauseMs > 0) await pause(operation.pauseMs);
  }
  return { batch, finished: await finishOperations(home) };
}

/** Rounds until there is nothing left to claim; for tests and scripts (the app's worker polls). */
export async function workUntilIdle(
  home: HomeDatabase["db"],
  worker: WorkerIdentity,
  resolve: ContextResolver,
  options: WorkOptions = {},
): Promise<WorkRound[]> {
  const rounds: WorkRound[] = [];
  for (;;) {
    const round = await workOnce(home, worker, resolve, options);
    rounds.push(round);
    if (!round.batch) return rounds;
  }
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
