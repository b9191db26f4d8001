import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { discoverSystems } from "../systems/discover";
import { readSql } from "../systems/fixture";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
} from "../targets/connect";
import { applyAction } from "./apply-action";
import { getJobRecord } from "./get-job";
import type { JobSource } from "./job-source";

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const author = { name: "tester", reason: "test" };
const options = { lockTimeoutMs: 500 };

beforeAll(async () => {
  database = await createTestDatabase("apply_action");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 4 });
  await connection.sql.unsafe(
    readSql(new URL("../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  await connection.sql.unsafe(`
    insert into queue (id, status, task_type, created_at, completed_at, error_message, responded) values
      ('${id(1)}', 'failed', 'wolfram', now() - interval '1 hour', now() - interval '59 minutes', 'HTTP 503', true),
      ('${id(2)}', 'failed', 'wolfram', now() - interval '1 hour', now(), 'HTTP 503', false),
      ('${id(3)}', 'failed', 'wolfram', now() - interval '1 hour', now(), 'HTTP 503', false),
      ('${id(4)}', 'completed', 'wolfram', now() - interval '1 hour', now(), null, true),
      ('${id(5)}', 'failed', 'wolfram', now() - interval '1 hour', now(), 'HTTP 503', false)`);
  source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), connection), "coach-artie"),
    "queue",
  );
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const retry = () => {
  const action = source.actions?.supported.find((candidate) => candidate.code === "retry");
  if (!action) throw new Error("coach-artie should support retry");
  return action;
};

async function seen(jobId: string) {
  const job = await getJobRecord(connection, source, jobId);
  return { id: jobId, seenState: job?.rawState ?? null, seenVersion: job?.version ?? null };
}

describe("applyAction (compare-and-set)", () => {
  it("changes a job still as the operator saw it, writing exactly the action's columns", async () => {
    const result = await applyAction(
      connection,
      source,
      retry(),
      [await seen(id(1))],
      author,
      options,
    );
    expect(result.outcomes.get(id(1))).toBe("changed");
    expect(result.targetTxid).toMatch(/^\d+$/);
    const [row] =
      await connection.sql`select status, error_message, completed_at, responded from queue where id = ${id(1)}`;
    expect(row).toEqual({
      status: "pending",
      error_message: null,
      completed_at: null,
      responded: false,
    });
  });

  it("skips a job whose row changed since it was seen (same state, new version)", async () => {
    const before = await seen(id(2));
    await connection.sql`update queue set error_message = 'HTTP 502' where id = ${id(2)}`;
    const result = await applyAction(connection, source, retry(), [before], author, options);
    expect(result.outcomes.get(id(2))).toBe("skipped");
    const [row] = await connection.sql`select status, error_message from queue where id = ${id(2)}`;
    expect(row).toEqual({ status: "failed", error_message: "HTTP 502" });
  });

  it("skips a job whose state moved on, and one the action does not apply to", async () => {
    const moved = await seen(id(3));
    await connection.sql`update queue set status = 'processing' where id = ${id(3)}`;
    const done = await seen(id(4));
    const result = await applyAction(connection, source, retry(), [moved, done], author, options);
    expect([...result.outcomes.values()]).toEqual(["skipped", "skipped"]);
    const skip = source.actions?.supported.find((candidate) => candidate.code === "skip");
    const completed = await applyAction(
      connection,
      source,
      skip ?? retry(),
      [done],
      author,
      options,
    );
    expect(completed.outcomes.get(id(4))).toBe("skipped");
  });

  it("skips a job a worker holds locked right now instead of waiting for it", async () => {
    const before = await seen(id(5));
    const worker = postgres(database.url, { max: 1 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locking = worker.begin(async (tx) => {
      await tx`select 1 from queue where id = ${id(5)} for update`;
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const result = await applyAction(connection, source, retry(), [before], author, options);
    expect(Date.now() - started).toBeLessThan(400);
    expect(result.outcomes.get(id(5))).toBe("skipped");
    release();
    await locking;
    await worker.end();
  });
});

describe("applyAction on SQLite", () => {
  let dir: string;
  let sqlite: SqliteConnection;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-apply-"));
    sqlite = connectSqlite(path.join(dir, "jobs.db"), 2000);
    await sqlite.client.executeMultiple(`
      create table jobs (id text primary key, status text, created text, done text, error text);
      insert into jobs values ('a', 'failed', '2026-01-01 10:00:00', '2026-01-01 10:01:00', 'boom'),
                              ('b', 'failed', '2026-01-01 10:00:00', '2026-01-01 10:01:00', 'boom');
    `);
  });
  afterAll(async () => {
    await closeConnection(sqlite);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("retries by compare-and-set on the raw state", async () => {
    const target = testTarget(
      { file: path.join(dir, "jobs.db") },
      {
        queues: [
          {
            id: "jobs",
            table: "jobs",
            idColumn: "id",
            stateColumn: "status",
            states: { new: "waiting", failed: "failed" },
            createdAt: "created",
            finishedAt: "done",
            error: "error",
          },
        ],
      },
    );
    const jobs = sourceOf(instanceOf(await discoverSystems(target, sqlite), "generic"), "jobs");
    const retrySqlite = jobs.actions?.supported.find((action) => action.code === "retry");
    expect(retrySqlite?.writes).toBe("status = 'new', done = null, error = null");
    await sqlite.client.execute("update jobs set status = 'new' where id = 'b'");
    const result = await applyAction(
      sqlite,
      jobs,
      retrySqlite ?? retry(),
      [
        { id: "a", seenState: "failed", seenVersion: null },
        { id: "b", seenState: "failed", seenVersion: null },
      ],
      author,
      options,
    );
    expect(Object.fromEntries(result.outcomes)).toEqual({ a: "changed", b: "skipped" });
    const rows = await sqlite.client.execute(
      "select id, status, done, error from jobs order by id",
    );
    expect(rows.rows.map((row) => ({ ...row }))).toEqual([
      { id: "a", status: "new", done: null, error: null },
      { id: "b", status: "new", done: "2026-01-01 10:01:00", error: "boom" },
    ]);
  });
});
