import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyAction } from "../jobs/apply-action";
import { prepareBatch } from "./batch-records";
import { claimBatch } from "./claim-batch";
import type { ContextResolver } from "./operation-context";
import { type BulkTarget, setUpBulkTarget } from "./testing/bulk-target";
import { workUntilIdle } from "./work-once";

/** A worker that died holding a batch, before or after its target committed. */
let t: BulkTarget;
let resolve: ContextResolver;
const worker = { id: "worker-a", leaseSeconds: 30 };
const doomed = { id: "doomed", leaseSeconds: 30 };

beforeAll(async () => {
  t = await setUpBulkTarget("bulk_reclaim");
  resolve = async () => ({ connection: t.connection, source: t.source, action: t.retry });
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await t.refill();
});

/** The doomed worker claims the first batch and applies it; `crash` runs before the target commits. */
async function dieWithFirstBatch(id: string, crash?: () => never) {
  const claimed = await claimBatch(t.home.db, doomed);
  if (!claimed) throw new Error("nothing claimed");
  await applyAction(
    t.connection,
    t.source,
    t.retry,
    claimed.items,
    { name: "tester", reason: null },
    {
      lockTimeoutMs: 1000,
      beforeCommit: async (result) => {
        await prepareBatch(t.home.db, id, 1, result, doomed.id);
        crash?.();
      },
    },
  ).catch(() => {});
}

describe("a batch whose worker died", () => {
  it("is counted exactly once when the target had committed it", async () => {
    const id = await t.newOperation();
    // The target commits, and the process dies before recording it: only "prepared" is on record.
    await dieWithFirstBatch(id);
    await t.lapse(id, 1);
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    expect((await t.batchesOf(id)).map((b) => [b.batch, b.status, b.processedBy])).toEqual([
      [1, "committed", "doomed"],
      [2, "committed", "worker-a"],
      [3, "committed", "worker-a"],
    ]);
    expect(await t.writes()).toEqual([120, 0]);
  });

  it("gives its jobs back, to be done once, when the target never committed it", async () => {
    const id = await t.newOperation();
    await dieWithFirstBatch(id, () => {
      throw new Error("process killed before the target committed");
    });
    await t.lapse(id, 1);
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    const batches = await t.batchesOf(id);
    expect(batches[0]).toMatchObject({ batch: 1, status: "aborted" });
    expect(batches.slice(1).reduce((sum, batch) => sum + batch.changed, 0)).toBe(120);
    expect(await t.writes()).toEqual([120, 0]);
  });

  it("is left alone while its lease is alive, and taken back once it lapses", async () => {
    const id = await t.newOperation();
    const held = await claimBatch(t.home.db, doomed);
    expect(held?.items).toHaveLength(50);
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ status: "running", changed: 70 });

    await t.lapse(id, 1);
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ status: "done", changed: 120 });
    expect((await t.batchesOf(id))[0]).toMatchObject({ status: "aborted", processedBy: "doomed" });
    expect(await t.writes()).toEqual([120, 0]);
  });
});
