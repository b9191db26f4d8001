import { createClient } from "@libsql/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testTarget } from "@/test/target-config";
import { snapshotScope } from "../../bulk/scope";
import { type ActionItem, applyAction } from "../../jobs/apply-action";
import { getJobRecord } from "../../jobs/get-job";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { acolibAdapter } from "./adapter";
import { migrate, type TempSqlite, tempSqlite } from "./adapter-test-data";

let db: TempSqlite;
let tasks: JobSource;
let tools: JobSource;
const author = { name: "tester", reason: null };
const options = { lockTimeoutMs: 1000 };

/** Written before the test, so any later write (trigger or action) makes it differ. */
const OLD = "2025-06-01 10:00:00";
const STARTED = "2025-06-01 10:01:00";
const DONE = "2025-06-01 10:05:00";
const META = '{"session_id":"s-1","source":"cli","requested_by":"u_maria.k"}';

beforeAll(async () => {
  db = await tempSqlite("actions");
  await db.connection.client.execute("PRAGMA journal_mode=WAL");
  await migrate(db);
  const instance = instanceOf(
    await discoverSystems(testTarget({ file: db.file }), db.connection, [acolibAdapter]),
    "acolib",
  );
  tasks = sourceOf(instance, "tasks");
  tools = sourceOf(instance, "tool_executions");
});

afterAll(() => db?.dispose());

beforeEach(async () => {
  await db.connection.client.execute("DELETE FROM tasks");
});

function action(code: string): JobAction {
  const found = tasks.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

async function insertTask(
  id: string,
  status: string,
  fields: { metadata?: string | null; started?: string | null; done?: string | null } = {},
) {
  const failed = status === "failed";
  await db.connection.client.execute({
    sql: `INSERT INTO tasks (id, title, task_type, status, config, metadata, workspace_path,
                             created_at, updated_at, started_at, completed_at, error)
          VALUES (?, ?, 'tool', ?, '{"tool":"shell_exec"}', ?, '/ws/a', ?, ?, ?, ?, ?)`,
    args: [
      id,
      `Task ${id}`,
      status,
      fields.metadata === undefined ? META : fields.metadata,
      OLD,
      OLD,
      fields.started === undefined ? (status === "pending" ? null : STARTED) : fields.started,
      fields.done === undefined
        ? ["pending", "running"].includes(status)
          ? null
          : DONE
        : fields.done,
      failed ? "exit status 101" : null,
    ],
  });
}

async function row(id: string) {
  const [found] = await db.rows(
    `SELECT *, abs(strftime('%s', 'now') - strftime('%s', updated_at)) <= 5 AS updated_now,
            abs(strftime('%s', 'now') - strftime('%s', completed_at)) <= 5 AS completed_now
     FROM tasks WHERE id = ?`,
    [id],
  );
  if (!found) throw new Error(`no task ${id}`);
  return { ...found };
}

async function seen(id: string): Promise<ActionItem> {
  const job = await getJobRecord(db.connection, tasks, id);
  if (!job) throw new Error(`no task ${id}`);
  return { id, seenState: job.rawState, seenVersion: job.version };
}

async function apply(code: string, items: ActionItem[]) {
  const result = await applyAction(db.connection, tasks, action(code), items, author, options);
  return Object.fromEntries(result.outcomes);
}

/** The columns an action never writes, as inserted. */
const untouched = (id: string) => ({
  id,
  title: `Task ${id}`,
  task_type: "tool",
  config: '{"tool":"shell_exec"}',
  workspace_path: "/ws/a",
  created_at: OLD,
  description: null,
});

describe("acolib task actions: declarations", () => {
  it("declares retry and cancel with what they write, and says why there is no skip", () => {
    expect(tasks.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
    ]);
    expect(action("retry").writes).toBe(
      "status = 'pending', started_at = null, completed_at = null, error = null, metadata = metadata without session_id, updated_at = now",
    );
    expect(action("retry").from).toEqual(["failed", "cancelled", "skipped", "running", "unknown"]);
    expect(action("cancel").writes).toBe(
      "status = 'cancelled', completed_at = now, updated_at = now",
    );
    expect(action("cancel").from).toEqual(["waiting", "scheduled", "blocked", "running"]);
    expect(action("retry").record).toBeUndefined();
    expect(tasks.actions?.unsupported).toEqual([
      {
        code: "skip",
        why: "acolib tasks have no skipped state (status allows pending, running, completed, failed, cancelled): cancel the task instead.",
      },
    ]);
    expect(tasks.version?.name).toBe("updated_at");
  });

  it("offers nothing on tool executions: operators act on the task", () => {
    expect(tools.actions?.supported).toEqual([]);
    expect(tools.actions?.unsupported.map((unsupported) => unsupported.code)).toEqual([
      "retry",
      "cancel",
      "skip",
    ]);
    for (const unsupported of tools.actions?.unsupported ?? [])
      expect(unsupported.why).toMatch(/act on the task/);
  });
});

describe("acolib retry", () => {
  it("puts a failed task back to pending, clearing its run and dropping only session_id from metadata", async () => {
    await insertTask("t-failed", "failed");
    expect(await apply("retry", [await seen("t-failed")])).toEqual({ "t-failed": "changed" });
    expect(await row("t-failed")).toEqual({
      ...untouched("t-failed"),
      status: "pending",
      started_at: null,
      completed_at: null,
      error: null,
      metadata: '{"source":"cli","requested_by":"u_maria.k"}',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      updated_now: 1,
      completed_now: null,
    });
  });

  it("retries a cancelled task and a running one (stuck, its client gone)", async () => {
    await insertTask("t-cancelled", "cancelled", { started: null });
    await insertTask("t-running", "running");
    expect(await apply("retry", [await seen("t-cancelled"), await seen("t-running")])).toEqual({
      "t-cancelled": "changed",
      "t-running": "changed",
    });
    for (const id of ["t-cancelled", "t-running"]) {
      expect(await row(id)).toMatchObject({
        status: "pending",
        started_at: null,
        completed_at: null,
        error: null,
        metadata: '{"source":"cli","requested_by":"u_maria.k"}',
        updated_now: 1,
      });
    }
  });

  it("leaves metadata that is not JSON, or NULL, as it is", async () => {
    await insertTask("t-text", "failed", { metadata: "session s-1" });
    await insertTask("t-null", "failed", { metadata: null });
    expect(await apply("retry", [await seen("t-text"), await seen("t-null")])).toEqual({
      "t-text": "changed",
      "t-null": "changed",
    });
    expect(await row("t-text")).toMatchObject({ status: "pending", metadata: "session s-1" });
    expect(await row("t-null")).toMatchObject({ status: "pending", metadata: null });
  });

  it("does not apply to a completed or a pending task", async () => {
    await insertTask("t-completed", "completed");
    await insertTask("t-pending", "pending");
    expect(await apply("retry", [await seen("t-completed"), await seen("t-pending")])).toEqual({
      "t-completed": "skipped",
      "t-pending": "skipped",
    });
    expect(await row("t-completed")).toMatchObject({ status: "completed", updated_at: OLD });
    expect(await row("t-pending")).toMatchObject({ status: "pending", updated_at: OLD });
  });
});

describe("acolib cancel", () => {
  it("cancels a pending task now, writing nothing else", async () => {
    await insertTask("t-pending", "pending");
    expect(await apply("cancel", [await seen("t-pending")])).toEqual({ "t-pending": "changed" });
    expect(await row("t-pending")).toEqual({
      ...untouched("t-pending"),
      status: "cancelled",
      started_at: null,
      completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      error: null,
      metadata: META,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      updated_now: 1,
      completed_now: 1,
    });
  });

  it("cancels a running task, keeping its start and its session as provenance", async () => {
    await insertTask("t-running", "running");
    expect(await apply("cancel", [await seen("t-running")])).toEqual({ "t-running": "changed" });
    expect(await row("t-running")).toMatchObject({
      status: "cancelled",
      started_at: STARTED,
      completed_now: 1,
      error: null,
      metadata: META,
      updated_now: 1,
    });
  });

  it("does not apply to a finished task", async () => {
    await insertTask("t-failed", "failed");
    expect(await apply("cancel", [await seen("t-failed")])).toEqual({ "t-failed": "skipped" });
    expect(await row("t-failed")).toMatchObject({
      status: "failed",
      completed_at: DONE,
      updated_at: OLD,
    });
  });
});

describe("acolib compare-and-set (updated_at as the row version)", () => {
  it("refuses when a client claimed the task between preview and action", async () => {
    await insertTask("t-pending", "pending");
    const before = await seen("t-pending");
    expect(before).toEqual({ id: "t-pending", seenState: "pending", seenVersion: OLD });
    await db.connection.client.execute(
      `UPDATE tasks SET status = 'running', started_at = datetime('now'),
         metadata = json_set(metadata, '$.session_id', 's-2') WHERE id = 't-pending'`,
    );
    expect(await apply("cancel", [before])).toEqual({ "t-pending": "skipped" });
    expect(await row("t-pending")).toMatchObject({ status: "running", completed_at: null });
  });

  it("refuses when the row changed in the same state (acolib's trigger moved updated_at)", async () => {
    await insertTask("t-failed", "failed");
    const before = await seen("t-failed");
    await db.connection.client.execute(
      "UPDATE tasks SET error = 'exit status 101 (disk full)' WHERE id = 't-failed'",
    );
    expect((await row("t-failed")).updated_at).not.toBe(OLD);
    expect(await apply("retry", [before])).toEqual({ "t-failed": "skipped" });
    expect(await row("t-failed")).toMatchObject({
      status: "failed",
      error: "exit status 101 (disk full)",
    });
  });

  it("moves updated_at itself, so a stale second retry is refused after the task failed again", async () => {
    await insertTask("t-failed", "failed");
    const preview = await seen("t-failed");
    expect(await apply("retry", [preview])).toEqual({ "t-failed": "changed" });
    const afterRetry = (await row("t-failed")).updated_at;
    expect(afterRetry).not.toBe(OLD);

    // A second client (an aco worker) claims the retried task and it fails again: the raw state is
    // what the stale preview saw, only the version tells them apart.
    const worker = createClient({ url: `file:${db.file}`, timeout: 5000 });
    await worker.execute(
      `UPDATE tasks SET status = 'running', started_at = '2025-06-02 08:00:00',
         metadata = json_set(metadata, '$.session_id', 's-2') WHERE id = 't-failed'`,
    );
    await worker.execute(
      `UPDATE tasks SET status = 'failed', completed_at = '2025-06-02 08:05:00',
         error = 'exit status 2' WHERE id = 't-failed'`,
    );
    worker.close();

    expect(await apply("retry", [preview])).toEqual({ "t-failed": "skipped" });
    expect(await row("t-failed")).toMatchObject({
      status: "failed",
      started_at: "2025-06-02 08:00:00",
      completed_at: "2025-06-02 08:05:00",
      error: "exit status 2",
      metadata: '{"source":"cli","requested_by":"u_maria.k","session_id":"s-2"}',
    });
  });

  it("snapshots a bulk scope with the version and skips what moved on", async () => {
    for (const n of [1, 2, 3]) await insertTask(`t-${n}`, "failed");
    await insertTask("t-4", "completed");
    const scope = await snapshotScope(
      db.connection,
      tasks,
      action("retry"),
      { queue: "tool", filter: {} },
      100,
    );
    expect(scope).toEqual(
      ["t-1", "t-2", "t-3"].map((id) => ({ id, seenState: "failed", seenVersion: OLD })),
    );
    await db.connection.client.execute("UPDATE tasks SET error = 'edited' WHERE id = 't-2'");
    await db.connection.client.execute("UPDATE tasks SET status = 'pending' WHERE id = 't-3'");
    expect(await apply("retry", scope)).toEqual({
      "t-1": "changed",
      "t-2": "skipped",
      "t-3": "skipped",
    });
  });
});
