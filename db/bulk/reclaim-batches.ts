import { and, eq, inArray, sql } from "drizzle-orm";
import type { HomeDatabase } from "../connect-home";
import { bulkOperationBatches, bulkOperations } from "../schema";
import { abortBatch, commitBatch } from "./batch-records";
import type { BulkOperation } from "./claim-batch";
import type { ContextResolver } from "./operation-context";
import { unpause } from "./operation-state";
import { targetOutcome } from "./target-outcome";

/**
 * Takes back batches whose worker stopped renewing its lease (its process died or lost the home
 * database): a claimed batch's jobs go back to be claimed again; a prepared one is counted if the
 * target committed it and put back if not, and left alone while its target transaction is still
 * open. A paused operation whose batch is taken back becomes claimable again. Only operations on
 * `targets`, when given. Returns how many batches were settled.
 */
export async function reclaimExpiredBatches(
  home: HomeDatabase["db"],
  resolve: ContextResolver,
  targets?: readonly string[],
): Promise<number> {
  if (targets?.length === 0) return 0;
  const expired = await home
    .select({ batch: bulkOperationBatches, operation: bulkOperations })
    .from(bulkOperationBatches)
    .innerJoin(bulkOperations, eq(bulkOperations.id, bulkOperationBatches.operationId))
    .where(
      and(
        inArray(bulkOperationBatches.status, ["claimed", "prepared"]),
        targets ? inArray(bulkOperations.target, [...targets]) : undefined,
        sql`(${bulkOperationBatches.leaseExpiresAt} is null or ${bulkOperationBatches.leaseExpiresAt} < now())`,
      ),
    )
    .limit(100);
  let settled = 0;
  for (const { batch, operation } of expired) {
    if (await settle(home, batch, operation, resolve)) {
      settled++;
      await unpause(home, operation.id);
    }
  }
  return settled;
}

async function settle(
  home: HomeDatabase["db"],
  batch: typeof bulkOperationBatches.$inferSelect,
  operation: BulkOperation,
  resolve: ContextResolver,
): Promise<boolean> {
  if (batch.status === "claimed") {
    return abortBatch(home, batch.operationId, batch.batch, "claimed", true);
  }
  let outcome: Awaited<ReturnType<typeof targetOutcome>>;
  try {
    outcome = await targetOutcome((await resolve(operation)).connection, batch.targetTxid);
  } catch (error) {
    // The target cannot say yet: settle it on a later round.
    console.error(
      `switchyard: bulk: batch ${batch.batch} of ${operation.id} stays prepared:`,
      (error as Error).message,
    );
    return false;
  }
  if (outcome === "in_progress") return false;
  if (outcome === "aborted") return abortBatch(home, batch.operationId, batch.batch, "prepared");
  await commitBatch(home, batch.operationId, batch.batch);
  return true;
}
