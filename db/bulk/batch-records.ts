import { and, eq, inArray, sql } from "drizzle-orm";
import type { HomeDatabase } from "../connect-home";
import type { ActionResult } from "../jobs/apply-action";
import { bulkOperationBatches, bulkOperationItems, bulkOperations } from "../schema";

/**
 * The home-database side of one batch's life: claimed → prepared → committed, back to the pool
 * (aborted), or failed. Every step is a compare-and-set on the batch's status (and its worker where only
 * that worker may take it), so a worker and another taking the batch back never both count it.
 */

type Home = HomeDatabase["db"];

export class BatchLost extends Error {
  constructor(operationId: string, batch: number) {
    super(`batch ${batch} of ${operationId} was taken back by another worker`);
  }
}

const batchIs = (operationId: string, batch: number) =>
  and(eq(bulkOperationBatches.operationId, operationId), eq(bulkOperationBatches.batch, batch));

const itemsOf = (operationId: string, batch: number) =>
  and(eq(bulkOperationItems.operationId, operationId), eq(bulkOperationItems.batch, batch));

/** Extends the worker's lease on a batch it still holds; false when the batch was taken back. */
export async function renewBatchLease(
  home: Home,
  operationId: string,
  batch: number,
  workerId: string,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await home
    .update(bulkOperationBatches)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(
      and(
        batchIs(operationId, batch),
        eq(bulkOperationBatches.processedBy, workerId),
        inArray(bulkOperationBatches.status, ["claimed", "prepared"]),
      ),
    )
    .returning({ batch: bulkOperationBatches.batch });
  return rows.length > 0;
}

/**
 * Before the target commits: the target transaction's id and each job's outcome, batch marked
 * prepared. Throws BatchLost (rolling the target transaction back) if the batch is no longer
 * this worker's.
 */
export async function prepareBatch(
  home: Home,
  operationId: string,
  batch: number,
  result: ActionResult,
  workerId: string,
): Promise<void> {
  const outcomes = [...result.outcomes];
  await home.transaction(async (tx) => {
    const claimed = await tx
      .update(bulkOperationBatches)
      .set({
        status: "prepared",
        targetTxid: result.targetTxid,
        changed: outcomes.filter(([, outcome]) => outcome === "changed").length,
        skipped: outcomes.filter(([, outcome]) => outcome === "skipped").length,
        preparedAt: sql`now()`,
      })
      .where(
        and(
          batchIs(operationId, batch),
          eq(bulkOperationBatches.status, "claimed"),
          eq(bulkOperationBatches.processedBy, workerId),
        ),
      )
      .returning({ batch: bulkOperationBatches.batch });
    if (claimed.length === 0) throw new BatchLost(operationId, batch);
    for (const outcome of ["changed", "skipped"] as const) {
      const ids = outcomes.flatMap(([id, value]) => (value === outcome ? [id] : []));
      if (ids.length === 0) continue;
      await tx
        .update(bulkOperationItems)
        .set({ outcome })
        .where(and(itemsOf(operationId, batch), inArray(bulkOperationItems.jobId, ids)));
    }
  });
}

/**
 * The target committed: counts the batch into its operation, once (whoever gets here first, the
 * worker or another that took the batch back), and resumes the operation if it was paused.
 */
export async function commitBatch(home: Home, operationId: string, batch: number): Promise<void> {
  await home.transaction(async (tx) => {
    const [done] = await tx
      .update(bulkOperationBatches)
      .set({ status: "committed", leaseExpiresAt: null })
      .where(and(batchIs(operationId, batch), eq(bulkOperationBatches.status, "prepared")))
      .returning();
    if (!done) return;
    await tx
      .update(bulkOperations)
      .set({
        changed: sql`${bulkOperations.changed} + ${done.changed}`,
        skipped: sql`${bulkOperations.skipped} + ${done.skipped}`,
        status: sql`case when ${bulkOperations.status} = 'paused' then 'running' else ${bulkOperations.status} end`,
        pausedAt: null,
        lastError: null,
      })
      .where(eq(bulkOperations.id, operationId));
  });
}

/**
 * The target did not commit this worker's prepared batch: back to claimed, outcomes cleared, so
 * the worker applies the same jobs again.
 */
export async function reopenBatch(
  home: Home,
  operationId: string,
  batch: number,
  workerId: string,
): Promise<boolean> {
  return home.transaction(async (tx) => {
    const reopened = await tx
      .update(bulkOperationBatches)
      .set({ status: "claimed", targetTxid: null, changed: 0, skipped: 0 })
      .where(
        and(
          batchIs(operationId, batch),
          eq(bulkOperationBatches.status, "prepared"),
          eq(bulkOperationBatches.processedBy, workerId),
        ),
      )
      .returning({ batch: bulkOperationBatches.batch });
    if (reopened.length === 0) return false;
    await tx.update(bulkOperationItems).set({ outcome: null }).where(itemsOf(operationId, batch));
    return true;
  });
}

/**
 * Gives a batch's jobs back to be claimed again (its worker stopped, or the operation is being
 * cancelled), if the batch is still in `from` (and, for `expiredOnly`, its lease has lapsed).
 * Nothing of it was committed on the target.
 */
export async function abortBatch(
  home: Home,
  operationId: string,
  batch: number,
  from: "claimed" | "prepared",
  expiredOnly = false,
): Promise<boolean> {
  return home.transaction(async (tx) => {
    const aborted = await tx
      .update(bulkOperationBatches)
      .set({ status: "aborted", leaseExpiresAt: null })
      .where(
        and(
          batchIs(operationId, batch),
          eq(bulkOperationBatches.status, from),
          expiredOnly
            ? sql`(${bulkOperationBatches.leaseExpiresAt} is null or ${bulkOperationBatches.leaseExpiresAt} < now())`
            : undefined,
        ),
      )
      .returning({ batch: bulkOperationBatches.batch });
    if (aborted.length === 0) return false;
    await tx
      .update(bulkOperationItems)
      .set({ batch: null, outcome: null })
      .where(itemsOf(operationId, batch));
    return true;
  });
}

/** The batch failed for a reason retrying does not cure: its jobs are counted failed, with why. */
export async function failBatch(
  home: Home,
  operationId: string,
  batch: number,
  workerId: string,
  detail: string,
): Promise<void> {
  await home.transaction(async (tx) => {
    const [failed] = await tx
      .update(bulkOperationBatches)
      .set({ status: "failed", leaseExpiresAt: null })
      .where(
        and(
          batchIs(operationId, batch),
          eq(bulkOperationBatches.status, "claimed"),
          eq(bulkOperationBatches.processedBy, workerId),
        ),
      )
      .returning();
    if (!failed) return;
    const items = await tx
      .update(bulkOperationItems)
      .set({ outcome: "failed", detail: detail.slice(0, 500) })
      .where(itemsOf(operationId, batch))
      .returning({ jobId: bulkOperationItems.jobId });
    await tx
      .update(bulkOperations)
      .set({ failed: sql`${bulkOperations.failed} + ${items.length}` })
      .where(eq(bulkOperations.id, operationId));
  });
}
