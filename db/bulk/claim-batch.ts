import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { HomeDatabase } from "../connect-home";
import type { ActionItem } from "../jobs/apply-action";
import { bulkOperationBatches, bulkOperationItems, bulkOperations } from "../schema";

export type BulkOperation = typeof bulkOperations.$inferSelect;

/** A worker's identity and how long its claim on a batch lasts without renewal. */
export interface WorkerIdentity {
  id: string;
  leaseSeconds: number;
}

/** One batch a worker holds: its operation (as claimed), its number and its jobs as seen. */
export interface ClaimedBatch {
  operation: BulkOperation;
  batch: number;
  items: ActionItem[];
}

/** Operations whose next batch may be claimed; a paused one is retried by the worker that paused it. */
const CLAIMABLE = ["pending", "running"];

/**
 * Claims the next batch of the oldest operation that has unclaimed jobs, for this worker, under a
 * lease; only on `targets` when given (the ones this instance is configured for). The operation
 * row is locked for the claim, so workers of several instances asking at once get different jobs
 * and different batch numbers.
 */
export async function claimBatch(
  home: HomeDatabase["db"],
  worker: WorkerIdentity,
  targets?: readonly string[],
): Promise<ClaimedBatch | null> {
  if (targets?.length === 0) return null;
  return home.transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: bulkOperations.id, batchSize: bulkOperations.batchSize })
      .from(bulkOperations)
      .where(
        and(
          inArray(bulkOperations.status, CLAIMABLE),
          targets ? inArray(bulkOperations.target, [...targets]) : undefined,
          sql`exists (select 1 from ${bulkOperationItems}
                      where ${bulkOperationItems.operationId} = ${bulkOperations.id}
                        and ${bulkOperationItems.outcome} is null
                        and ${bulkOperationItems.batch} is null)`,
        ),
      )
      .orderBy(asc(bulkOperations.createdAt))
      .limit(1)
      .for("update");
    if (!candidate) return null;

    const items = await tx
      .select()
      .from(bulkOperationItems)
      .where(
        and(
          eq(bulkOperationItems.operationId, candidate.id),
          isNull(bulkOperationItems.outcome),
          isNull(bulkOperationItems.batch),
        ),
      )
      .orderBy(asc(bulkOperationItems.jobId))
      .limit(candidate.batchSize);
    if (items.length === 0) return null;

    // Batches numbered before next_batch existed (an upgrade mid-operation) are counted too.
    const [operation] = await tx
      .update(bulkOperations)
      .set({
        nextBatch: sql`greatest(${bulkOperations.nextBatch}, (
          select coalesce(max(${bulkOperationBatches.batch}), 0) from ${bulkOperationBatches}
          where ${bulkOperationBatches.operationId} = ${candidate.id})) + 1`,
        status: sql`case when ${bulkOperations.status} = 'pending' then 'running' else ${bulkOperations.status} end`,
        startedAt: sql`coalesce(${bulkOperations.startedAt}, now())`,
      })
      .where(eq(bulkOperations.id, candidate.id))
      .returning();
    if (!operation) return null;
    const batch = operation.nextBatch;
    await tx.insert(bulkOperationBatches).values({
      operationId: operation.id,
      batch,
      status: "claimed",
      changed: 0,
      skipped: 0,
      processedBy: worker.id,
      leaseExpiresAt: sql`now() + make_interval(secs => ${worker.leaseSeconds})`,
    });
    await tx
      .update(bulkOperationItems)
      .set({ batch })
      .where(
        and(
          eq(bulkOperationItems.operationId, operation.id),
          inArray(
            bulkOperationItems.jobId,
            items.map((item) => item.jobId),
          ),
        ),
      );
    return {
      operation,
      batch,
      items: items.map((item) => ({
        id: item.jobId,
        seenState: item.seenState,
        seenVersion: item.seenVersion,
      })),
    };
  });
}

/** Asks the workers to stop after their current batches; jobs already done stay done. */
export async function requestCancel(
  home: HomeDatabase["db"],
  operationId: string,
): Promise<BulkOperation | null> {
  const [row] = await home
    .update(bulkOperations)
    .set({ status: "cancelling" })
    .where(
      and(
        eq(bulkOperations.id, operationId),
        inArray(bulkOperations.status, ["pending", "running", "paused"]),
      ),
    )
    .returning();
  return row ?? null;
}
