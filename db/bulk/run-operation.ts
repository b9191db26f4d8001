import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { BulkConfig } from "@/lib/config/bulk-schema";
import { errorCode, isUnreachable } from "@/lib/database-error";
import type { HomeDatabase } from "../connect-home";
import { type ActionItem, type ActionResult, applyAction } from "../jobs/apply-action";
import { queryRows } from "../jobs/dialect";
import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import { bulkOperationBatches, bulkOperationItems, bulkOperations } from "../schema";
import type { TargetConnection } from "../targets/connect";

export interface OperationContext {
  connection: TargetConnection;
  source: JobSource;
  action: JobAction;
  bulk: BulkConfig;
}

export interface WorkerIdentity {
  id: string;
  leaseSeconds: number;
}

export type RunEnd = "done" | "cancelled" | "lease_lost";

/** Errors of the target's availability: wait and try the same batch again, never mark jobs failed for them. */
function isTransient(error: unknown): boolean {
  const code = errorCode(error) ?? "";
  return isUnreachable(error) || /^(55P03|40001|40P01|53)/.test(code) || code === "SQLITE_BUSY";
}

const MAX_ATTEMPTS = 3;

/**
 * Processes one bulk operation to its end while this worker holds its lease: finishes batches a
 * crash left undecided, then applies the action batch by batch. Each batch is recorded in the
 * home database (with the target transaction's id) before the target commits, so every job is
 * counted exactly once however the process dies.
 */
export async function runOperation(
  home: HomeDatabase["db"],
  operationId: string,
  context: OperationContext,
  worker: WorkerIdentity,
): Promise<RunEnd> {
  await settlePreparedBatches(home, operationId, context);
  let attempts = 0;
  for (;;) {
    const [operation] = await home
      .update(bulkOperations)
      .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${worker.leaseSeconds})` })
      .where(and(eq(bulkOperations.id, operationId), eq(bulkOperations.leaseOwner, worker.id)))
      .returning();
    if (!operation) return "lease_lost";
    if (operation.status === "cancelling") {
      await finish(home, operationId, "cancelled");
      return "cancelled";
    }

    const pending = await home
      .select()
      .from(bulkOperationItems)
      .where(
        and(eq(bulkOperationItems.operationId, operationId), isNull(bulkOperationItems.outcome)),
      )
      .orderBy(asc(bulkOperationItems.jobId))
      .limit(context.bulk.batchSize);
    if (pending.length === 0) {
      await finish(home, operationId, "done");
      return "done";
    }

    const items: ActionItem[] = pending.map((item) => ({
      id: item.jobId,
      seenState: item.seenState,
      seenVersion: item.seenVersion,
    }));
    try {
      const batch = await nextBatchNumber(home, operationId);
      const result = await applyAction(
        context.connection,
        context.source,
        context.action,
        items,
        { name: operation.createdBy, reason: operation.reason },
        {
          lockTimeoutMs: 1_000,
          beforeCommit: (outcome) => prepareBatch(home, operationId, batch, outcome, worker.id),
        },
      );
      await commitBatch(home, operationId, batch, result);
      attempts = 0;
    } catch (error) {
      attempts++;
      await home
        .update(bulkOperations)
        .set({ lastError: String((error as Error).message ?? error).slice(0, 500) })
        .where(eq(bulkOperations.id, operationId));
      if (isTransient(error) || attempts < MAX_ATTEMPTS) {
        await pause(isTransient(error) ? 2_000 : 500);
        continue;
      }
      await failItems(home, operationId, items, String((error as Error).message ?? error));
      attempts = 0;
    }
    if (context.bulk.pauseMs > 0) await pause(context.bulk.pauseMs);
  }
}

async function nextBatchNumber(home: HomeDatabase["db"], operationId: string): Promise<number> {
  const [row] = await home
    .select({ last: sql<number>`coalesce(max(${bulkOperationBatches.batch}), 0)` })
    .from(bulkOperationBatches)
    .where(eq(bulkOperationBatches.operationId, operationId));
  return Number(row?.last ?? 0) + 1;
}

/** Before the target commits: the batch and each job's outcome, marked prepared. The primary key
 * (operation, batch) makes a second worker's attempt at the same batch fail, rolling its target
 * transaction back. */
export async function prepareBatch(
  home: HomeDatabase["db"],
  operationId: string,
  batch: number,
  result: ActionResult,
  workerId: string,
): Promise<void> {
  const outcomes = [...result.outcomes];
  await home.transaction(async (tx) => {
    await tx.insert(bulkOperationBatches).values({
      operationId,
      batch,
      targetTxid: result.targetTxid,
      status: "prepared",
      changed: outcomes.filter(([, outcome]) => outcome === "changed").length,
      skipped: outcomes.filter(([, outcome]) => outcome === "skipped").length,
      processedBy: workerId,
    });
    for (const outcome of ["changed", "skipped"] as const) {
      const ids = outcomes.flatMap(([id, value]) => (value === outcome ? [id] : []));
      if (ids.length === 0) continue;
      await tx
        .update(bulkOperationItems)
        .set({ batch, outcome })
        .where(
          and(
            eq(bulkOperationItems.operationId, operationId),
            sql`${bulkOperationItems.jobId} in ${ids}`,
          ),
        );
    }
  });
}

async function commitBatch(
  home: HomeDatabase["db"],
  operationId: string,
  batch: number,
  result: ActionResult,
) {
  const outcomes = [...result.outcomes.values()];
  await home.transaction(async (tx) => {
    await tx
      .update(bulkOperationBatches)
      .set({ status: "committed" })
      .where(
        and(
          eq(bulkOperationBatches.operationId, operationId),
          eq(bulkOperationBatches.batch, batch),
        ),
      );
    await tx
      .update(bulkOperations)
      .set({
        changed: sql`${bulkOperations.changed} + ${outcomes.filter((value) => value === "changed").length}`,
        skipped: sql`${bulkOperations.skipped} + ${outcomes.filter((value) => value === "skipped").length}`,
        lastError: null,
      })
      .where(eq(bulkOperations.id, operationId));
  });
}

/**
 * Batches prepared but not known to be committed (the process died in between): the target's
 * txid_status says whether that transaction committed; count it, or put its jobs back.
 */
async function settlePreparedBatches(
  home: HomeDatabase["db"],
  operationId: string,
  context: OperationContext,
) {
  const prepared = await home
    .select()
    .from(bulkOperationBatches)
    .where(
      and(
        eq(bulkOperationBatches.operationId, operationId),
        eq(bulkOperationBatches.status, "prepared"),
      ),
    );
  for (const batch of prepared) {
    const committed = await targetCommitted(context.connection, batch.targetTxid);
    const where = and(
      eq(bulkOperationBatches.operationId, operationId),
      eq(bulkOperationBatches.batch, batch.batch),
    );
    if (committed) {
      await home.transaction(async (tx) => {
        await tx.update(bulkOperationBatches).set({ status: "committed" }).where(where);
        await tx
          .update(bulkOperations)
          .set({
            changed: sql`${bulkOperations.changed} + ${batch.changed}`,
            skipped: sql`${bulkOperations.skipped} + ${batch.skipped}`,
          })
          .where(eq(bulkOperations.id, operationId));
      });
      continue;
    }
    await home.transaction(async (tx) => {
      await tx.update(bulkOperationBatches).set({ status: "aborted" }).where(where);
      await tx
        .update(bulkOperationItems)
        .set({ batch: null, outcome: null })
        .where(
          and(
            eq(bulkOperationItems.operationId, operationId),
            eq(bulkOperationItems.batch, batch.batch),
          ),
        );
    });
  }
}

/** SQLite keeps no transaction ids: a batch prepared there is taken as committed (its commit follows at once). */
async function targetCommitted(
  connection: TargetConnection,
  txid: string | null,
): Promise<boolean> {
  if (connection.kind === "sqlite" || txid === null) return true;
  const [row] = await queryRows(connection, sql`select txid_status(${txid}::bigint) as status`);
  return row?.status === "committed";
}

async function failItems(
  home: HomeDatabase["db"],
  operationId: string,
  items: ActionItem[],
  detail: string,
) {
  await home.transaction(async (tx) => {
    await tx
      .update(bulkOperationItems)
      .set({ outcome: "failed", detail: detail.slice(0, 500) })
      .where(
        and(
          eq(bulkOperationItems.operationId, operationId),
          inArray(
            bulkOperationItems.jobId,
            items.map((item) => item.id),
          ),
        ),
      );
    await tx
      .update(bulkOperations)
      .set({ failed: sql`${bulkOperations.failed} + ${items.length}` })
      .where(eq(bulkOperations.id, operationId));
  });
}

async function finish(home: HomeDatabase["db"], operationId: string, status: "done" | "cancelled") {
  await home
    .update(bulkOperations)
    .set({ status, finishedAt: sql`now()`, leaseOwner: null, leaseExpiresAt: null })
    .where(eq(bulkOperations.id, operationId));
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
