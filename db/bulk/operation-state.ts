import { and, eq, inArray, sql } from "drizzle-orm";
import type { HomeDatabase } from "../connect-home";
import { bulkOperationBatches, bulkOperationItems, bulkOperations } from "../schema";
import type { BulkOperation } from "./claim-batch";

type Home = HomeDatabase["db"];

/** Statuses of an operation that is not over yet. */
export const ACTIVE_STATUSES = ["pending", "running", "paused", "cancelling"] as const;

export async function operationStatus(home: Home, operationId: string): Promise<string | null> {
  const [row] = await home
    .select({ status: bulkOperations.status })
    .from(bulkOperations)
    .where(eq(bulkOperations.id, operationId));
  return row?.status ?? null;
}

/**
 * The target cannot be reached (or stays locked): the operation shows paused, with why, until a
 * batch commits again. No new batch is claimed meanwhile; the worker holding one keeps trying it.
 */
export async function pauseOperation(home: Home, operationId: string, reason: string) {
  await home
    .update(bulkOperations)
    .set({
      status: sql`case when ${bulkOperations.status} in ('pending', 'running') then 'paused' else ${bulkOperations.status} end`,
      pausedAt: sql`coalesce(${bulkOperations.pausedAt}, now())`,
      lastError: reason.slice(0, 500),
    })
    .where(eq(bulkOperations.id, operationId));
}

/** A batch failed and will be tried again soon: the page shows the error meanwhile. */
export async function noteError(home: Home, operationId: string, error: string) {
  await home
    .update(bulkOperations)
    .set({ lastError: error.slice(0, 500) })
    .where(eq(bulkOperations.id, operationId));
}

/** A paused operation nobody is retrying any more (its worker stopped): claimable again. */
export async function unpause(home: Home, operationId: string) {
  await home
    .update(bulkOperations)
    .set({ status: "running", pausedAt: null })
    .where(and(eq(bulkOperations.id, operationId), eq(bulkOperations.status, "paused")))
    .returning();
}

/**
 * Ends every operation with nothing left in flight: done when every job has an outcome,
 * cancelled when cancelling. A compare-and-set on the status, so whichever worker gets here first
 * ends it, once; the rows returned are the operations this call ended.
 */
export async function finishOperations(home: Home): Promise<BulkOperation[]> {
  return home
    .update(bulkOperations)
    .set({
      status: sql`case when ${bulkOperations.status} = 'cancelling' then 'cancelled' else 'done' end`,
      finishedAt: sql`now()`,
      pausedAt: null,
    })
    .where(
      and(
        inArray(bulkOperations.status, [...ACTIVE_STATUSES]),
        sql`not exists (select 1 from ${bulkOperationBatches}
                        where ${bulkOperationBatches.operationId} = ${bulkOperations.id}
                          and ${bulkOperationBatches.status} in ('claimed', 'prepared'))`,
        sql`(${bulkOperations.status} = 'cancelling' or not exists (
              select 1 from ${bulkOperationItems}
              where ${bulkOperationItems.operationId} = ${bulkOperations.id}
                and ${bulkOperationItems.outcome} is null))`,
      ),
    )
    .returning();
}
