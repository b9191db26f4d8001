import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bulkOperationItems } from "../schema";
import { claimBatch, requestCancel } from "./claim-batch";
import type { ContextResolver } from "./operation-context";
import { finishOperations } from "./operation-state";
import { runBatch } from "./run-batch";
import { type BulkTarget, setUpBulkTarget } from "./testing/bulk-target";
import { workOnce, workUntilIdle } from "./work-once";

let t: BulkTarget;
let resolve: ContextResolver;
const worker = { id: "worker-a", leaseSeconds: 30 };

beforeAll(async () => {
  t = await setUpBulkTarget("bulk_work");
  resolve = async () => ({ connection: t.connection, source: t.source, action: t.retry });
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await t.refill();
});

describe("bulk workers", () => {
  it("process every job once, in batches, and end the operation once, with exact counts", async () => {
    const id = await t.newOperation();
    const rounds = await workUntilIdle(t.home.db, worker, resolve);
    expect(rounds.flatMap((round) => round.finished.map((op) => [op.id, op.status]))).toEqual([
      [id, "done"],
    ]);
    expect(await t.operation(id)).toMatchObject({
      status: "done",
      total: 120,
      changed: 120,
      skipped: 0,
      failed: 0,
      nextBatch: 3,
    });
    expect(
      (await t.batchesOf(id)).map((b) => [b.batch, b.status, b.changed, b.processedBy]),
    ).toEqual([
      [1, "committed", 50, "worker-a"],
      [2, "committed", 50, "worker-a"],
      [3, "committed", 20, "worker-a"],
    ]);
    expect(await t.writes()).toEqual([120, 0]);
    expect((await workOnce(t.home.db, worker, resolve)).finished).toEqual([]);
  });

  it("retry 10,000 jobs in batches of at most 500, each job once", async () => {
    await t.refill(10_000);
    const id = await t.newOperation(500);
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ total: 10_000, changed: 10_000, skipped: 0 });
    const batches = await t.batchesOf(id);
    expect(batches).toHaveLength(20);
    expect(batches.every((batch) => batch.changed === 500 && batch.status === "committed")).toBe(
      true,
    );
    expect(await t.writes()).toEqual([10_000, 0]);
  });

  it("of two instances share one operation, and each job is written once", async () => {
    const id = await t.newOperation(10);
    const other = { id: "worker-b", leaseSeconds: 30 };
    const [a, b] = await Promise.all([
      workUntilIdle(t.home.db, worker, resolve),
      workUntilIdle(t.home.db, other, resolve),
    ]);
    const batches = await t.batchesOf(id);
    expect(batches.map((batch) => batch.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(batches.every((batch) => batch.status === "committed")).toBe(true);
    expect(new Set(batches.map((batch) => batch.processedBy))).toEqual(
      new Set(["worker-a", "worker-b"]),
    );
    expect(await t.operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    expect([...a, ...b].flatMap((round) => round.finished)).toHaveLength(1);
    expect(await t.writes()).toEqual([120, 0]);
  });

  it("stop after the current batch when cancelled, and give its jobs back untouched", async () => {
    const id = await t.newOperation();
    const claimed = await claimBatch(t.home.db, worker);
    if (!claimed) throw new Error("nothing claimed");
    await requestCancel(t.home.db, id);
    expect(await runBatch(t.home.db, claimed, resolve, worker)).toBe("released");
    expect(await claimBatch(t.home.db, worker)).toBeNull();
    expect((await finishOperations(t.home.db)).map((op) => [op.id, op.status])).toEqual([
      [id, "cancelled"],
    ]);
    expect(await t.operation(id)).toMatchObject({ status: "cancelled", changed: 0 });
    expect(await t.writes()).toEqual([0, 0]);
  });

  it("count jobs a worker changed after the snapshot as skipped, never overwriting them", async () => {
    const id = await t.newOperation();
    await t.connection.sql`
      update queue set status = 'completed' where id in (select id from queue order by id limit 30)`;
    await t.connection.sql`truncate job_writes`;
    await workUntilIdle(t.home.db, worker, resolve);
    expect(await t.operation(id)).toMatchObject({ changed: 90, skipped: 30 });
    const [{ n }] = (await t.connection.sql`
      select count(*)::int as n from queue where status = 'completed'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(30);
    expect(await t.writes()).toEqual([90, 0]);
    const items = await t.home.db
      .select()
      .from(bulkOperationItems)
      .where(eq(bulkOperationItems.operationId, id));
    expect(items.filter((item) => item.outcome === "skipped")).toHaveLength(30);
  });
});
