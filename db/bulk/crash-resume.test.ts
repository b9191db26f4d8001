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
import { claimOperation } from "./claim-operation";
import { createOperation } from "./create-operation";
import { runOperation } from "./run-operation";
import { snapshotScope } from "./scope";

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

    // The dead worker's lease (2 s) lapses; another worker takes over.
    const successor = { id: "successor", leaseSeconds: 30 };
    let claimed = null;
    for (let waited = 0; !claimed; waited += 250) {
      if (waited > 10_000) throw new Error("the lease never lapsed");
      claimed = await claimOperation(home.db, successor.id, 30);
      if (!claimed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const context = {
      connection,
      source,
      action: retry,
      bulk: { maxJobs: 50_000, batchSize: 10, pauseMs: 0 },
    };
    expect(await runOperation(home.db, operationId, context, successor)).toBe("done");

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
