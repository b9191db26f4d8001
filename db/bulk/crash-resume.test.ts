import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { connectHome, type HomeDatabase } from "../connect-home";
import { migrateHome } from "../migrate-home";
import { bulkOperationBatches, bulkOperations } from "../schema";
import { discoverSystems } from "../systems/discover";
import { readSql } from "../systems/fixture";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { createOperation } from "./create-operation";
import { snapshotScope } from "./scope";
import { workOnce } from "./work-once";

let database: TestDatabase;
let home: HomeDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("bulk_crash");
  await migrateHome(database.url);
  home = connectHome(database.url, 3);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 3 });
  await connection.sql.unsafe(
    readSql(new URL("../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  await connection.sql`
    insert into queue (status, task_type, error_message)
    select 'failed', 'crash', 'HTTP 503' from generate_series(1, 200)`;
});

afterAll(async () => {
  await closeConnection(connection);
  await home.sql.end();
  await database.drop();
});

async function committedBatches(operationId: string): Promise<number> {
  const rows = await home.db
    .select()
    .from(bulkOperationBatches)
    .where(eq(bulkOperationBatches.operationId, operationId));
  return rows.filter((row) => row.status === "committed").length;
}

describe("a bulk operation whose worker process is killed", () => {
  it("is resumed by another worker and finishes with every job changed exactly once", async () => {
    const source = sourceOf(
      instanceOf(
        await discoverSystems(testTarget({ url: database.url }), connection),
        "coach-artie",
      ),
      "queue",
    );
    const retry = source.actions?.supported.find((action) => action.code === "retry");
    if (!retry) throw new Error("no retry");
    const items = await snapshotScope(
      connection,
      source,
      retry,
      { queue: "crash", filter: {} },
      1000,
    );
    const operationId = await createOperation(home.db, {
      target: "t",
      system: "coach-artie",
      source: "queue",
      queue: "crash",
      action: "retry",
      scope: {},
      items,
      createdBy: "tester",
      reason: null,
      batchSize: 10,
      pauseMs: 150,
    });

    const child = spawn(process.execPath, ["--import", "tsx", "test/bulk-worker-process.ts"], {
      env: {
        ...process.env,
        HOME_URL: database.url,
        TARGET_URL: database.url,
        WORKER_ID: "doomed",
      },
      stdio: "ignore",
    });
    for (let waited = 0; (await committedBatches(operationId)) < 3; waited += 50) {
      if (waited > 30_000) throw new Error("the worker made no progress");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const [interrupted] = await home.db
      .select()
      .from(bulkOperations)
      .where(eq(bulkOperations.id, operationId));
    expect(interrupted?.status).toBe("running");
    expect(interrupted?.changed).toBeLessThan(200);

    // Another worker goes on with the rest at once; the dead worker's batch comes back when its
    // lease (2 s) lapses.
    const successor = { id: "successor", leaseSeconds: 30 };
    const resolve = async () => ({ connection, source, action: retry });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [current] = await home.db
        .select()
        .from(bulkOperations)
        .where(eq(bulkOperations.id, operationId));
      if (current?.status === "done") break;
      if (Date.now() > deadline) throw new Error("the operation did not finish");
      const round = await workOnce(home.db, successor, resolve);
      if (!round.batch) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const [finished] = await home.db
      .select()
      .from(bulkOperations)
      .where(eq(bulkOperations.id, operationId));
    expect(finished).toMatchObject({
      status: "done",
      total: 200,
      changed: 200,
      skipped: 0,
      failed: 0,
    });
    const [{ pending }] = (await connection.sql`
      select count(*)::int as pending from queue where task_type = 'crash' and status = 'pending'`) as unknown as [
      { pending: number },
    ];
    expect(pending).toBe(200);
    const batches = await home.db
      .select()
      .from(bulkOperationBatches)
      .where(eq(bulkOperationBatches.operationId, operationId));
    const committed = batches.filter((batch) => batch.status === "committed");
    expect(committed.reduce((sum, batch) => sum + batch.changed, 0)).toBe(200);
    expect(new Set(committed.map((batch) => batch.processedBy))).toEqual(
      new Set(["doomed", "successor"]),
    );
  });
});
