import type { HomeExecutor } from "../home-executor";
import type { ActionItem } from "../jobs/apply-action";
import { bulkOperationItems, bulkOperations } from "../schema";

export interface NewOperation {
  target: string;
  system: string;
  source: string;
  queue: string;
  action: string;
  scope: unknown;
  items: readonly ActionItem[];
  createdBy: string;
  reason: string | null;
  /** The target's bulk settings now; the operation keeps them whichever instance works on it. */
  batchSize: number;
  pauseMs: number;
}

const INSERT_CHUNK = 1_000;

/** Records a bulk operation and its snapshot of jobs; workers pick it up within a second. */
export async function createOperation(
  executor: HomeExecutor,
  operation: NewOperation,
): Promise<string> {
  const [row] = await executor
    .insert(bulkOperations)
    .values({
      target: operation.target,
      system: operation.system,
      source: operation.source,
      queue: operation.queue,
      action: operation.action,
      scope: operation.scope,
      total: operation.items.length,
      createdBy: operation.createdBy,
      reason: operation.reason,
      batchSize: operation.batchSize,
      pauseMs: operation.pauseMs,
    })
    .returning({ id: bulkOperations.id });
  if (!row) throw new Error("the bulk operation was not recorded");
  for (let start = 0; start < operation.items.length; start += INSERT_CHUNK) {
    await executor.insert(bulkOperationItems).values(
      operation.items.slice(start, start + INSERT_CHUNK).map((item) => ({
        operationId: row.id,
        jobId: item.id,
        seenState: item.seenState,
        seenVersion: item.seenVersion,
      })),
    );
  }
  return row.id;
}
