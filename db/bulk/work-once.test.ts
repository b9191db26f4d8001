import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BULK_CONFIG } from "@/lib/config/bulk-schema";
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
import { claimOperation, requestCancel } from "./claim-operation";
import { createOperation } from "./create-operation";
import { type OperationContext, prepareBatch, runOperation } from "./run-operation";
import { snapshotScope } from "./scope";

let database: TestDatabase;
let connection: PostgresConnection;
let home: HomeDatabase;
let source: JobSource;
let retry: JobAction;
let context: OperationContext;
const worker = { id: "worker-a", leaseSeconds: 30 };

beforeAll(async () => {
  database = await createTestDatabase("bulk_run");
  await migrateHome(database.url);
  home = connectHome(database.url, 4);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 4 });
  await connection.sql.unsafe(
    readSql(new URL("../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), connection), "coach-artie"),
    "queue",
  );
  const found = source.actions?.supported.find((action) => action.code === "retry");
  if (!found) throw new Error("no retry");
  retry = found;
  context = {
    connection,
    source,
    action: retry,
    bulk: { maxJobs: 50_000, batchSize: 50, pauseMs: 0 },
  };
});

afterAll(async () => {
  await closeConnection(connection);
  await home.sql.end();
  await database.drop();
});

beforeEach(async () => {
  await connection.sql`delete from queue`;
  await connection.sql`
    insert into queue (status, task_type, error_message)
    select 'failed', 'bulk', 'HTTP 503' from generate_series(1, 120)`;
});

async function newOperation(cap = 1000): Promise<string> {
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
  });
}

async function operation(id: string) {
  const [row] = await home.db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  return row;
}

describe("runOperation", () => {
  it("processes every job once, in batches, and ends done with exact counts", async () => {
    const id = await newOperation();
    expect((await claimOperation(home.db, worker.id, 30))?.id).toBe(id);
    expect(await runOperation(home.db, id, context, worker)).toBe("done");
    expect(await operation(id)).toMatchObject({
      status: "done",
      total: 120,
      changed: 120,
      skipped: 0,
      failed: 0,
    });
    const batches = await home.db
      .select()
      .from(bulkOperationBatches)
      .where(eq(bulkOperationBatches.operationId, id));
    expect(batches.map((batch) => [batch.batch, batch.status, batch.changed])).toEqual([
      [1, "committed", 50],
      [2, "committed", 50],
      [3, "committed", 20],
    ]);
    const [{ n }] =
      (await connection.sql`select count(*)::int as n from queue where status = 'pending'`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(120);
  });

  it("retries 10,000 jobs in batches of at most 500, each job once", async () => {
    await connection.sql`
      insert into queue (status, task_type, error_message)
      select 'failed', 'bulk', 'HTTP 503' from generate_series(1, 9880)`;
    const id = await newOperation(50_000);
    expect((await claimOperation(home.db, worker.id, 30))?.id).toBe(id);
    const state = await runOperation(
      home.db,
      id,
      { ...context, bulk: DEFAULT_BULK_CONFIG },
      worker,
    );
    expect(state).toBe("done");
    expect(await operation(id)).toMatchObject({ total: 10_000, changed: 10_000, skipped: 0 });
    const batches = await home.db
      .select()
      .from(bulkOperationBatches)
      .where(eq(bulkOperationBatches.operationId, id));
    expect(batches).toHaveLength(20);
    expect(batches.every((batch) => batch.changed === 500 && batch.status === "committed")).toBe(
      true,
    );
    const rows = (await connection.sql`
      select status, count(*)::int as n from queue group by status`) as unknown as {
      status: string;
      n: number;
    }[];
    expect(rows).toEqual([{ status: "pending", n: 10_000 }]);
  });

  it("after a crash between the target's commit and the home's, counts that batch exactly once", async () => {
    const id = await newOperation();
    await claimOperation(home.db, worker.id, 30);
    const first = (
      await home.db.select().from(bulkOperationItems).where(eq(bulkOperationItems.operationId, id))
    ).slice(0, 50);
    const items = first.map((item) => ({
      id: item.jobId,
      seenState: item.seenState,
      seenVersion: item.seenVersion,
    }));
    // The target commits, and the process dies before commitBatch: only "prepared" is on record.
    await applyAction(
      connection,
      source,
      retry,
      items,
      { name: "tester", reason: null },
      {
        lockTimeoutMs: 1000,
        beforeCommit: (result) => prepareBatch(home.db, id, 1, result, worker.id),
      },
    );
    expect(await runOperation(home.db, id, context, worker)).toBe("done");
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
  });

  it("after a crash before the target committed, puts that batch's jobs back and does them once", async () => {
    const id = await newOperation();
    await claimOperation(home.db, worker.id, 30);
    const first = (
      await home.db.select().from(bulkOperationItems).where(eq(bulkOperationItems.operationId, id))
    ).slice(0, 50);
    const items = first.map((item) => ({
      id: item.jobId,
      seenState: item.seenState,
      seenVersion: item.seenVersion,
    }));
    await applyAction(
      connection,
      source,
      retry,
      items,
      { name: "tester", reason: null },
      {
        lockTimeoutMs: 1000,
        beforeCommit: async (result) => {
          await prepareBatch(home.db, id, 1, result, worker.id);
          throw new Error("process killed before the target committed");
        },
      },
    ).catch(() => {});
    expect(await runOperation(home.db, id, context, worker)).toBe("done");
    expect(await operation(id)).toMatchObject({ status: "done", changed: 120, skipped: 0 });
    const [aborted] = await home.db
      .select()
      .from(bulkOperationBatches)
      .where(and(eq(bulkOperationBatches.operationId, id), eq(bulkOperationBatches.batch, 1)));
    expect(aborted?.status).toBe("aborted");
  });

  it("a second worker cannot take an operation whose lease is alive, and a cancelled one stops", async () => {
    const id = await newOperation();
    expect((await claimOperation(home.db, worker.id, 30))?.id).toBe(id);
    expect(await claimOperation(home.db, "worker-b", 30)).toBeNull();
    expect(await runOperation(home.db, id, context, { id: "worker-b", leaseSeconds: 30 })).toBe(
      "lease_lost",
    );

    await requestCancel(home.db, id);
    expect(await runOperation(home.db, id, context, worker)).toBe("cancelled");
    expect(await operation(id)).toMatchObject({ status: "cancelled", changed: 0 });
  });

  it("counts jobs a worker changed after the snapshot as skipped, never overwriting them", async () => {
    const id = await newOperation();
    await connection.sql`update queue set status = 'completed' where id in (select id from queue order by id limit 30)`;
    await claimOperation(home.db, worker.id, 30);
    await runOperation(home.db, id, context, worker);
    expect(await operation(id)).toMatchObject({ changed: 90, skipped: 30 });
    const [{ n }] =
      (await connection.sql`select count(*)::int as n from queue where status = 'completed'`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(30);
  });
});
