import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTarget } from "@/test/target-config";
import { processItems } from "../../bulk/process-items";
import { snapshotScope } from "../../bulk/scope";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { acolibAdapter } from "./adapter";
import { migrate, type TempSqlite, tempSqlite } from "./adapter-test-data";

/**
 * The aco worker, in its own thread with its own libsql client on the same file, so its
 * transactions really run beside the console's (a busy wait blocks only its own thread). Each
 * round it claims the oldest pending tasks (→ running, started_at, metadata.session_id) in one
 * transaction, then finishes the ones it claimed the round before in another: every third one
 * fails, the rest complete. It finishes by id alone, as a client that believes it owns the task.
 * Once told to stop it drains: it stops when a round has nothing to claim and nothing to finish.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createClient } = require(workerData.clientPath);
const client = createClient({ url: "file:" + workerData.file, timeout: 10000 });
const stop = new Int32Array(workerData.stop);
const events = [];
let held = [];

async function inTransaction(work) {
  const tx = await client.transaction("write");
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } finally {
    tx.close();
  }
}

async function round() {
  const claimed = await inTransaction(async (tx) => {
    const rs = await tx.execute({
      sql: "UPDATE tasks SET status = 'running', started_at = datetime('now'), " +
           "metadata = json_set(coalesce(metadata, '{}'), '$.session_id', ?) " +
           "WHERE id IN (SELECT id FROM tasks WHERE task_type = 'race' AND status = 'pending' " +
           "ORDER BY created_at, id LIMIT 4) RETURNING id",
      args: [workerData.session],
    });
    await tx.execute({
      sql: "UPDATE sessions SET last_heartbeat = datetime('now') WHERE id = ?",
      args: [workerData.session],
    });
    return rs.rows.map((row) => String(row.id));
  });
  for (const id of claimed) events.push(["claim", id]);
  const finishing = held;
  held = claimed;
  if (finishing.length > 0) {
    const done = await inTransaction(async (tx) => {
      const outcomes = [];
      for (const id of finishing) {
        if (Number(id.slice(2)) % 3 === 0) {
          await tx.execute({
            sql: "UPDATE tasks SET status = 'failed', completed_at = datetime('now'), error = ? WHERE id = ?",
            args: ["worker: exit status 1", id],
          });
          outcomes.push(["fail", id]);
        } else {
          await tx.execute({
            sql: "UPDATE tasks SET status = 'completed', completed_at = datetime('now') WHERE id = ?",
            args: [id],
          });
          outcomes.push(["complete", id]);
        }
      }
      return outcomes;
    });
    events.push(...done);
  }
  return claimed.length + finishing.length;
}

(async () => {
  for (let rounds = 1; ; rounds++) {
    const before = events.length;
    const did = await round();
    const claimed = events.slice(before).filter((event) => event[0] === "claim").map((event) => event[1]);
    parentPort.postMessage({ rounds, claimed });
    if (Atomics.load(stop, 0) === 1 && did === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  client.close();
  parentPort.postMessage({ events });
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

type WorkerEvent = ["claim" | "complete" | "fail", string];
type WorkerMessage = {
  rounds?: number;
  claimed?: string[];
  events?: WorkerEvent[];
  error?: string;
};

let db: TempSqlite;
let tasks: JobSource;
const author = { name: "tester", reason: "race" };
const FAILED = 150;
const PENDING = 150;

beforeAll(async () => {
  db = await tempSqlite("race");
  await db.connection.client.execute("PRAGMA journal_mode=WAL");
  await migrate(db);
  const instance = instanceOf(
    await discoverSystems(testTarget({ file: db.file }), db.connection, [acolibAdapter]),
    "acolib",
  );
  tasks = sourceOf(instance, "tasks");
});

afterAll(() => db?.dispose());

function action(code: string): JobAction {
  const found = tasks.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

function startWorker(file: string) {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      session: "s-worker",
      stop: stop.buffer,
      clientPath: createRequire(import.meta.url).resolve("@libsql/client"),
    },
  });
  let rounds = 0;
  const claimed: string[] = [];
  let waiting: { done: () => boolean; resolve: () => void }[] = [];
  const finished = new Promise<WorkerEvent[]>((resolve, reject) => {
    worker.on("error", reject);
    worker.on("message", (message: WorkerMessage) => {
      if (message.error) reject(new Error(message.error));
      if (message.events) resolve(message.events);
      if (message.rounds === undefined) return;
      rounds = message.rounds;
      claimed.push(...(message.claimed ?? []));
      for (const waiter of waiting.filter((candidate) => candidate.done())) waiter.resolve();
      waiting = waiting.filter((candidate) => !candidate.done());
    });
  });
  const until = (done: () => boolean) =>
    done() ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ done, resolve }));
  return {
    /** The tasks the worker has claimed so far, in order. */
    claimedSoFar: () => [...claimed],
    /** Resolves once the worker has claimed at least `count` tasks. */
    claimed: (count: number) => until(() => claimed.length >= count),
    /** Resolves after two more rounds: at least one whole round after the call. */
    aRoundLater: () => {
      const target = rounds + 2;
      return until(() => rounds >= target);
    },
    /** Drains and returns everything the worker did, in order. */
    drain: async () => {
      Atomics.store(stop, 0, 1);
      const events = await finished;
      await worker.terminate();
      return events;
    },
  };
}

describe("bulk retry and cancel racing an aco worker on the same SQLite file", () => {
  it("never overwrites the worker, never hands it a task twice, and accounts for every task", async () => {
    // Failed tasks (retry scope) and pending ones (cancel scope). The worker claims pending tasks
    // oldest first: f-001, p-150, f-002, p-149 … (a failed one once the retry has re-queued it).
    // The cancel goes by id, p-001 up, towards the worker coming down from p-150.
    await db.connection.client.executeMultiple(`
      INSERT INTO sessions (id, client_id, is_active, last_heartbeat)
        VALUES ('s-worker', 'aco-race', 1, datetime('now'));
      WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${FAILED})
      INSERT INTO tasks (id, title, task_type, status, config, metadata, created_at, updated_at,
                         started_at, completed_at, error)
      SELECT printf('f-%03d', n), 'failed ' || n, 'race', 'failed', '{}',
             '{"session_id":"s-old","source":"cli"}', datetime('now', printf('-%d minutes', 1000 - 2 * n)),
             '2025-06-01 10:00:00', '2025-06-01 09:00:00', '2025-06-01 10:00:00', 'exit status 101'
      FROM g;
      WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${PENDING})
      INSERT INTO tasks (id, title, task_type, status, config, metadata, created_at, updated_at)
      SELECT printf('p-%03d', n), 'pending ' || n, 'race', 'pending', '{}', '{"source":"api"}',
             datetime('now', printf('-%d minutes', 1000 - 2 * (151 - n) - 1)), '2025-06-01 10:00:00'
      FROM g;`);

    const retryScope = await snapshotScope(
      db.connection,
      tasks,
      action("retry"),
      { queue: "race", filter: { rawState: "failed" } },
      1000,
    );
    const cancelScope = await snapshotScope(
      db.connection,
      tasks,
      action("cancel"),
      { queue: "race", filter: { rawState: "pending" } },
      1000,
    );
    expect(retryScope).toHaveLength(FAILED);
    expect(cancelScope).toHaveLength(PENDING);

    // The previews are taken; the worker has already claimed some pending tasks when the console
    // acts. The engine cannot overlap two SQLite transactions in one process (see the README), so
    // retry and cancel take turns, 30 tasks (three batches) at a time, and the worker runs at least
    // one whole round between turns, as it would between a bulk operation's paced batches.
    const worker = startWorker(db.file);
    await worker.claimed(12);
    const retried = { changed: [] as string[], skipped: [] as string[] };
    const cancelled = { changed: [] as string[], skipped: [] as string[] };
    let claimedBeforeLastRetryTurn: string[] = [];
    for (let start = 0; start < Math.max(FAILED, PENDING); start += 30) {
      if (start + 30 >= FAILED) claimedBeforeLastRetryTurn = worker.claimedSoFar();
      const retryTurn = await processItems(
        db.connection,
        tasks,
        action("retry"),
        retryScope.slice(start, start + 30),
        author,
        { batchSize: 11 },
      );
      retried.changed.push(...retryTurn.changed);
      retried.skipped.push(...retryTurn.skipped);
      await worker.aRoundLater();
      const cancelTurn = await processItems(
        db.connection,
        tasks,
        action("cancel"),
        cancelScope.slice(start, start + 30),
        author,
        { batchSize: 13 },
      );
      cancelled.changed.push(...cancelTurn.changed);
      cancelled.skipped.push(...cancelTurn.skipped);
      await worker.aRoundLater();
    }
    const events = await worker.drain();

    // changed + skipped = scope, for both.
    expect(retried.changed.length + retried.skipped.length).toBe(FAILED);
    expect(cancelled.changed.length + cancelled.skipped.length).toBe(PENDING);

    const claims = events.filter(([kind]) => kind === "claim").map(([, task]) => task);
    const claimCount = new Map<string, number>();
    for (const task of claims) claimCount.set(task, (claimCount.get(task) ?? 0) + 1);
    // No task was handed to the worker twice (the console never re-queued one it had taken).
    expect([...claimCount.values()].every((count) => count === 1)).toBe(true);

    // Both sides of the cancel really raced: some were cancelled, some the worker took first,
    // and exactly those were skipped.
    const claimed = new Set(claims);
    const pendingIds = cancelScope.map((item) => item.id);
    expect(cancelled.changed.length).toBeGreaterThan(0);
    expect(cancelled.skipped.length).toBeGreaterThanOrEqual(12);
    expect(new Set(cancelled.skipped)).toEqual(new Set(pendingIds.filter((t) => claimed.has(t))));
    expect(cancelled.changed.filter((t) => claimed.has(t))).toEqual([]);

    // The worker never touches a failed task, so the retry changed every one; the worker picked
    // each up exactly once afterwards (the retry's whole point), some while the retry was going on.
    expect(retried.changed).toHaveLength(FAILED);
    expect(retryScope.every((item) => claimCount.get(item.id) === 1)).toBe(true);
    expect(
      claimedBeforeLastRetryTurn.filter((task) => task.startsWith("f-")).length,
    ).toBeGreaterThan(0);

    // Final rows: whatever the worker did last stands; the console's cancels stand.
    const finals = new Map(
      (
        await db.rows("SELECT id, status, completed_at, error FROM tasks WHERE task_type = 'race'")
      ).map((row) => [String(row.id), row]),
    );
    const lastByWorker = new Map<string, string>();
    for (const [kind, task] of events)
      lastByWorker.set(task, { claim: "running", complete: "completed", fail: "failed" }[kind]);
    for (const [task, status] of lastByWorker) {
      expect(finals.get(task)?.status, task).toBe(status);
      expect(finals.get(task)?.completed_at, task).not.toBeNull();
      expect(finals.get(task)?.error, task).toBe(
        status === "failed" ? "worker: exit status 1" : null,
      );
    }
    for (const task of cancelled.changed) {
      expect(finals.get(task)?.status, task).toBe("cancelled");
      expect(lastByWorker.has(task), task).toBe(false);
    }
    // Every task is accounted for: the worker finished it or the console cancelled it.
    expect(lastByWorker.size + cancelled.changed.length).toBe(FAILED + PENDING);

    // A stale second retry from the same preview (a resubmitted bulk): nothing changes. The tasks
    // the worker failed again look as the preview saw them (status 'failed'): only updated_at,
    // moved by acolib's trigger, tells them apart.
    const again = await processItems(db.connection, tasks, action("retry"), retryScope, author, {
      batchSize: 50,
    });
    expect(again.changed).toEqual([]);
    expect(again.skipped).toHaveLength(FAILED);
    const failedAgain = retryScope.filter((item) => finals.get(item.id)?.status === "failed");
    expect(failedAgain).toHaveLength(FAILED / 3);
    const stillFailed = await db.rows(
      "SELECT count(*) AS n FROM tasks WHERE task_type = 'race' AND id LIKE 'f-%' AND status = 'failed'",
    );
    expect(Number(stillFailed[0]?.n)).toBe(FAILED / 3);
  });
});
