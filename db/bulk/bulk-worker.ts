import "server-only";
import { randomUUID } from "node:crypto";
import { isUnreachable } from "@/lib/database-error";
import { recordAudit } from "../audit/record-audit";
import { forgetCached, READS_AN_ACTION_CHANGES } from "../cache";
import { discardHome, home } from "../index";
import { instanceName } from "../instance-name";
import { resolveSystem } from "../queries/target-systems";
import { connectionFor, listTargets } from "../targets/registry";
import type { BulkOperation } from "./claim-batch";
import type { OperationContext } from "./operation-context";
import { workOnce } from "./work-once";

/** Long enough for a heartbeat (every third of it) to be late twice; how long a dead instance's batch waits. */
const LEASE_SECONDS = 15;
const IDLE_POLL_MS = 1_000;

const holder = globalThis as unknown as { switchyardBulkWorker?: { id: string } };

/**
 * Starts this instance's bulk worker (once per process). Every instance runs one: each claims
 * batches of whatever operation is oldest, so several instances share an operation, and a
 * batch whose instance died is taken back when its lease lapses.
 */
export function startBulkWorker(): void {
  if (holder.switchyardBulkWorker) return;
  const worker = {
    id: `${instanceName()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseSeconds: LEASE_SECONDS,
  };
  holder.switchyardBulkWorker = worker;
  const loop = async () => {
    let busy = false;
    try {
      const round = await workOnce(home().db, worker, contextOf, {
        targets: listTargets().map((target) => target.id),
      });
      busy = round.batch !== null;
      if (round.finished.length > 0) forgetCached(...READS_AN_ACTION_CHANGES);
      for (const operation of round.finished) await auditEnd(operation);
    } catch (error) {
      console.error("switchyard: bulk worker:", (error as Error).message);
      if (isUnreachable(error)) discardHome();
    }
    setTimeout(loop, busy ? 0 : IDLE_POLL_MS).unref();
  };
  setTimeout(loop, IDLE_POLL_MS).unref();
}

/** One audit event when an operation ends, written by the worker that ended it. */
async function auditEnd(operation: BulkOperation) {
  await recordAudit(home().db, {
    actor: { kind: "system", name: "bulk worker" },
    action: `bulk.${operation.status === "done" ? "finished" : "cancelled"}`,
    target: operation.target,
    system: operation.system,
    objects: {
      operationId: operation.id,
      action: operation.action,
      queue: operation.queue,
      requestedBy: operation.createdBy,
    },
    outcome: "ok",
    changed: operation.changed,
    skipped: operation.skipped,
    failed: operation.failed,
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
  return { connection: connectionFor(target), source, action };
}
