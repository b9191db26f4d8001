import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import { forgetCached, READS_AN_ACTION_CHANGES } from "../cache";
import { home } from "../index";
import { resolveSystem } from "../queries/target-systems";
import { bulkOperations } from "../schema";
import { connectionFor } from "../targets/registry";
import { type BulkOperation, claimOperation, releaseOperation } from "./claim-operation";
import { type OperationContext, runOperation } from "./run-operation";

const LEASE_SECONDS = 30;
const IDLE_POLL_MS = 1_000;

const holder = globalThis as unknown as { switchyardBulkWorker?: { id: string } };

/**
 * Starts this instance's bulk worker (once per process): it takes unfinished operations from the
 * home database, including ones another instance left when it died, and works them off.
 */
export function startBulkWorker(): void {
  if (holder.switchyardBulkWorker) return;
  const worker = {
    id: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseSeconds: LEASE_SECONDS,
  };
  holder.switchyardBulkWorker = worker;
  const loop = async () => {
    try {
      const operation = await claimOperation(home().db, worker.id, LEASE_SECONDS);
      if (operation) {
        await work(operation, worker);
        setTimeout(loop, 0);
        return;
      }
    } catch (error) {
      console.error("switchyard: bulk worker:", (error as Error).message);
    }
    setTimeout(loop, IDLE_POLL_MS).unref();
  };
  setTimeout(loop, IDLE_POLL_MS).unref();
}

async function work(operation: BulkOperation, worker: { id: string; leaseSeconds: number }) {
  const context = await contextOf(operation).catch((error: unknown) => (error as Error).message);
  if (typeof context === "string") {
    await releaseOperation(home().db, operation.id, worker.id, context);
    return;
  }
  const end = await runOperation(home().db, operation.id, context, worker);
  forgetCached(...READS_AN_ACTION_CHANGES);
  if (end === "lease_lost") return;
  const [done] = await home()
    .db.select()
    .from(bulkOperations)
    .where(eq(bulkOperations.id, operation.id));
  await recordAudit(home().db, {
    actor: { kind: "system", name: "bulk worker" },
    action: `bulk.${end === "done" ? "finished" : "cancelled"}`,
    target: operation.target,
    system: operation.system,
    objects: {
      operationId: operation.id,
      action: operation.action,
      queue: operation.queue,
      requestedBy: operation.createdBy,
    },
    outcome: "ok",
    changed: done?.changed ?? null,
    skipped: done?.skipped ?? null,
    failed: done?.failed ?? null,
  });
}

async function contextOf(operation: BulkOperation): Promise<OperationContext> {
  const { target, instance } = await resolveSystem(operation.target, operation.system);
  const source = instance.sources.find((candidate) => candidate.id === operation.source);
  const action = source?.actions?.supported.find(
    (candidate) => candidate.code === operation.action,
  );
  if (!source || !action)
    throw new Error(
      `${operation.system} no longer offers ${operation.action} on ${operation.source}`,
    );
  return { connection: connectionFor(target), source, action, bulk: target.bulk };
}
