import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { connectHome, type HomeDatabase } from "../connect-home";
import { applyAction } from "../jobs/apply-action";
import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import { migrateHome } from "../migrate-home";
import { bulkOperationBatches, bulkOperationItems, bulkOperations } from "../schema";
import { discoverSystems } from "../systems/discover";
import { readSql } from "../systems/fixture";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { prepareBatch } from "./batch-records";
import { claimBatch, requestCancel } from "./claim-batch";
import { createOperation } from "./create-operation";
import type { ContextResolver } from "./operation-context";
import { finishOperations } from "./operation-state";
import { runBatch } from "./run-batch";
import { snapshotScope } from "./scope";
import { workOnce, workUntilIdle } from "./work-once";

let database: TestDatabase;
let connection: PostgresConnection;
let home: HomeDatabase;
let source: JobSource;
let retry: JobAction;
let resolve: ContextResolver;
const worker = { id: "worker-a", leaseSeconds: 30 };
const doomed = { id: "doomed", leaseSeconds: 30 };

beforeAll(async () => {
  database = await createTestDatabase("bulk_work");
  await migrateHome(database.url);
  home = connectHome(database.url, 4);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 4 });
  await connection.sql.unsafe(
    readSql(new URL("../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  // Every change to a job is logged, so a test sees how many times each job was written.
  await connection.sql.unsafe(`
    create table job_writes (id uuid not null, status text not null);
    create function log_job_write() returns trigger language plpgsql as $$
      begin insert into job_writes values (new.id, new.status); return new; end $$;
    create trigger log_job_write after update on queue
      for each row execute function log_job_write();`);
  source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), connection), "coach-artie"),
    "queue",
  );
  const found = source.actions?.supported.find((action) => action.code === "retry");
  if (!found) throw new Error("no retry");
  retry = found;
  resolve = async () => ({ connection, source, action: retry });
});

afterAll(async () => {
  await closeConnection(connection);
  await home.sql.end();
  await database.drop();
});

beforeEach(async () => {
  await home.db.delete(bulkOperations);
  await connection.sql`truncate queue, job_writes`;
  await connection.sql`
    insert into queue (status, task_type, error_message)
    select 'failed', 'bulk', 'HTTP 503' from generate_series(1, 120)`;
});

async function newOperation(batchSize = 50, cap = 50_000): Promise<string> {
  const items = await snapshotScope(connection, source, retry, { queue: "bulk", filter: {} }, cap);
  return createOperation(home.db, {
    target: "t",
    system: "coach-artie",
    source: "queue",
    queue: "bulk",
    action: "retry",
    scope: { filter: {} },
    items,
    createdBy: "tester",
    reason: null,
    batchSize,
    pauseMs: 0,
  });
}

async function operation(id: string) {
  const [row] = await home.db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  return row;
}

async function batchesOf(id: string) {
  const rows = await home.db
    .select()
    .from(bulkOperationBatches)
    .where(eq(bulkOperationBatches.operationId, id));
  return rows.sort((a, b) => a.batch - b.batch);
}

/** How many times each job was written on the target: [jobs written, jobs written more than once]. */
async function writes(): Promise<[number, number]> {
  const [row] = (await connection.sql`
    select count(*)::int as jobs, count(*) filter (where n > 1)::int as twice
    from (select id, count(*) as n from job_writes group by id) per_job`) as unknown as [
    { jobs: number; twice: number },
  ];
  return [row.jobs, row.twice];
}

/** A worker died holding this batch: its lease lapses (as 15 s without a heartbeat would). */
async function lapse(id: string, batch: number) {
  await home.db
    .update(bulkOperationBatches)
    .set({ leaseExpiresAt: new Date(Date.now() - 1_000) })
    .where(and(eq(bulkOperationBatches.operationId, id), eq(bulkOperationBatches.batch, batch)));
}

describe("bulk workers", () => {
  it("process every job once, in batches, and end the operation once, with exact counts", async () => {
    const id = await newOperation();
    const rounds = await workUntilIdle(home.db, worker, resolve);
    expect(rounds.flatMap((round) => round.finished.map((op) => [op.id, op.status]))).toEqual([
      [id, "done"],
    ]);
    expect(await operation(id)).toMatchObject({
      status: "done",
      total: 120,
      changed: 120,
      skipped: 0,
      failed: 0,
      nextBatch: 3,
    });
    expect((await batchesOf(id)).map((b) => [b.batch, b.status, b.changed, b.processedBy])).toEqual(
      [
        [1, "committed", 50, "worker-a"],
        [2, "committed", 50, "worker-a"],
        [3, "committed", 20, "worker-a"],
      ],
    );
    expect(await writes()).toEqual([120, 0]);
    expect((await workOnce(home.db, worker, resolve)).finished).toEqual([]);
  });

  it("retry 10,000 jobs in batches of at most 500, each job once", async () => {
    await connection.sql`
      insert into queue (status, task_type, error_message)
      select 'failed', 'bulk', 'HTTP 503' from generate_series(1, 9880)`;
    const id = await newOperation(500);
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ total: 10_000, changed: 10_000, skipped: 0 });
    const batches = await batchesOf(id);
    expect(batches).toHaveLength(20);
    expect(batches.every((batch) => batch.changed === 500 && batch.status === "committed")).toBe(
      true,
    );
    expect(await writes()).toEqual([10_000, 0]);
  });

  it("of two instances share one operation, and each job is written once", async () => {
    const id = await newOperation(10);
    const other = { id: "worker-b", leaseSeconds: 30 };
    const [a, b] = await Promise.all([
      workUntilIdle(home.db, worker, resolve),
      workUntilIdle(home.db, other, resolve),
    ]);
    const batches = await batchesOf(id);
    expect(batches.map((batch) => batch.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(batches.every((batch) => batch.status === "committed")).toBe(true);
    expect(new Set(batches.map((batch) => batch.processedBy))).toEqual(
      new Set(["worker-a", "worker-b"]),
    );
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    expect([...a, ...b].flatMap((round) => round.finished)).toHaveLength(1);
    expect(await writes()).toEqual([120, 0]);
  });

  it("count a batch the target committed before its worker died exactly once", async () => {
    const id = await newOperation();
    const claimed = await claimBatch(home.db, doomed);
    if (!claimed) throw new Error("nothing claimed");
    // The target commits, and the process dies before recording it: only "prepared" is on record.
    await applyAction(
      connection,
      source,
      retry,
      claimed.items,
      { name: "tester", reason: null },
      {
        lockTimeoutMs: 1000,
        beforeCommit: (result) => prepareBatch(home.db, id, 1, result, doomed.id),
      },
    );
    await lapse(id, 1);
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    expect((await batchesOf(id)).map((b) => [b.batch, b.status, b.processedBy])).toEqual([
      [1, "committed", "doomed"],
      [2, "committed", "worker-a"],
      [3, "committed", "worker-a"],
    ]);
    expect(await writes()).toEqual([120, 0]);
  });

  it("put back the jobs of a batch the target never committed, and do them once", async () => {
    const id = await newOperation();
    const claimed = await claimBatch(home.db, doomed);
    if (!claimed) throw new Error("nothing claimed");
    await applyAction(
      connection,
      source,
      retry,
      claimed.items,
      { name: "tester", reason: null },
      {
        lockTimeoutMs: 1000,
        beforeCommit: async (result) => {
          await prepareBatch(home.db, id, 1, result, doomed.id);
          throw new Error("process killed before the target committed");
        },
      },
    ).catch(() => {});
    await lapse(id, 1);
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    const batches = await batchesOf(id);
    expect(batches[0]).toMatchObject({ batch: 1, status: "aborted" });
    expect(batches.slice(1).reduce((sum, batch) => sum + batch.changed, 0)).toBe(120);
    expect(await writes()).toEqual([120, 0]);
  });

  it("leave a batch alone while its lease is alive, and take it back once it lapses", async () => {
    const id = await newOperation();
    const held = await claimBatch(home.db, doomed);
    expect(held?.items).toHaveLength(50);
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ status: "running", changed: 70 });

    await lapse(id, 1);
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120 });
    expect((await batchesOf(id))[0]).toMatchObject({ status: "aborted", processedBy: "doomed" });
    expect(await writes()).toEqual([120, 0]);
  });

  it("stop after the current batch when cancelled, and give its jobs back untouched", async () => {
    const id = await newOperation();
    const claimed = await claimBatch(home.db, worker);
    if (!claimed) throw new Error("nothing claimed");
    await requestCancel(home.db, id);
    expect(await runBatch(home.db, claimed, resolve, worker)).toBe("released");
    expect(await claimBatch(home.db, worker)).toBeNull();
    expect((await finishOperations(home.db)).map((op) => [op.id, op.status])).toEqual([
      [id, "cancelled"],
    ]);
    expect(await operation(id)).toMatchObject({ status: "cancelled", changed: 0 });
    expect(await writes()).toEqual([0, 0]);
  });

  it("count jobs a worker changed after the snapshot as skipped, never overwriting them", async () => {
    const id = await newOperation();
    await connection.sql`update queue set status = 'completed' where id in (select id from queue order by id limit 30)`;
    await connection.sql`truncate job_writes`;
    await workUntilIdle(home.db, worker, resolve);
    expect(await operation(id)).toMatchObject({ changed: 90, skipped: 30 });
    const [{ n }] =
      (await connection.sql`select count(*)::int as n from queue where status = 'completed'`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(30);
    expect(await writes()).toEqual([90, 0]);
    const items = await home.db
      .select()
      .from(bulkOperationItems)
      .where(eq(bulkOperationItems.operationId, id));
    expect(items.filter((item) => item.outcome === "skipped")).toHaveLength(30);
  });
});
