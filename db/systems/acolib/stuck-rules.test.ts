import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type StuckCode } from "@/lib/stuck/stuck-codes";
import { testTarget } from "@/test/target-config";
import type { JobSource } from "../../jobs/job-source";
import { findStuck, rulesOf, type StuckJob } from "../../stuck/find-stuck";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { acolibAdapter } from "./adapter";
import { migrate, type TempSqlite, tempSqlite } from "./adapter-test-data";
import { loadAcolib, STUCK } from "./fixture/test-support";

let db: TempSqlite;
let tasks: JobSource;
let tools: JobSource;

const ago = (spec: string) => `datetime('now', '${spec}')`;

/** Every stuck row has a healthy twin that differs only in the condition the rule checks. */
const DATA = `
INSERT INTO sessions (id, client_id, is_active, metadata, last_heartbeat) VALUES
  ('s-fresh', 'aco-fresh', 1, '{"workspace":"/ws/served"}', ${ago("-30 seconds")}),
  ('s-recent', 'aco-recent', 1, '{"workspace":"/ws/other"}', ${ago("-4 minutes")}),
  ('s-stale', 'aco-stale', 1, '{"workspace":"/ws/served"}', ${ago("-47 minutes")}),
  ('s-closed', 'aco-closed', 0, '{"workspace":"/ws/served"}', ${ago("-3 minutes")});

INSERT INTO tasks (id, title, task_type, status, config, metadata, workspace_path, created_at, started_at, completed_at) VALUES
  ('h-stale', 'stale heartbeat', 'workflow', 'running', '{}', '{"session_id":"s-stale","source":"web_ui"}', '/ws/served', ${ago("-53 minutes")}, ${ago("-52 minutes")}, NULL),
  ('h-fresh', 'fresh heartbeat', 'workflow', 'running', '{}', '{"session_id":"s-fresh","source":"web_ui"}', '/ws/served', ${ago("-11 minutes")}, ${ago("-10 minutes")}, NULL),
  ('h-recent', 'heartbeat within the threshold', 'workflow', 'running', '{}', '{"session_id":"s-recent"}', '/ws/other', ${ago("-11 minutes")}, ${ago("-10 minutes")}, NULL),
  ('h-closed', 'closed session', 'workflow', 'running', '{}', '{"session_id":"s-closed"}', '/ws/served', ${ago("-11 minutes")}, ${ago("-10 minutes")}, NULL),
  ('h-gone', 'session gone', 'workflow', 'running', '{}', '{"session_id":"s-gone"}', '/ws/served', ${ago("-13 minutes")}, ${ago("-12 minutes")}, NULL),
  ('h-unowned', 'no session recorded', 'workflow', 'running', '{}', '{"source":"cli"}', '/ws/served', ${ago("-13 minutes")}, ${ago("-12 minutes")}, NULL),
  ('h-bad-metadata', 'metadata not JSON', 'workflow', 'running', '{}', 'session s-stale', '/ws/served', ${ago("-13 minutes")}, ${ago("-12 minutes")}, NULL),
  ('h-done', 'finished on a stale session', 'workflow', 'completed', '{}', '{"session_id":"s-stale"}', '/ws/served', ${ago("-3 hours")}, ${ago("-3 hours")}, ${ago("-2 hours")}),
  ('r-long', 'running too long', 'workflow', 'running', '{}', '{"session_id":"s-fresh"}', '/ws/served', ${ago("-48 minutes")}, ${ago("-47 minutes")}, NULL),
  ('w-unserved', 'waiting, nobody serves it', 'workflow', 'pending', '{}', '{"source":"api"}', '/ws/unserved', ${ago("-40 minutes")}, NULL, NULL),
  ('w-served', 'waiting, served', 'workflow', 'pending', '{}', '{"source":"api"}', '/ws/served', ${ago("-20 minutes")}, NULL, NULL),
  ('w-young', 'waiting briefly', 'workflow', 'pending', '{}', '{"source":"api"}', '/ws/unserved', ${ago("-2 minutes")}, NULL, NULL);

INSERT INTO tool_executions (id, task_id, tool_name, arguments, status, created_at) VALUES
  ('x-hung', 'r-long', 'shell_exec', '{}', 'running', ${ago("-22290 seconds")}),
  ('x-young', 'r-long', 'file_read', '{}', 'running', ${ago("-2 minutes")}),
  ('x-orphan', 't-deleted', 'http_request', '{}', 'running', ${ago("-40 minutes")}),
  ('x-queued', 'r-long', 'git_diff', '{}', 'pending', ${ago("-3 minutes")});
`;

beforeAll(async () => {
  db = await tempSqlite("stuck");
  await migrate(db);
  await db.connection.client.executeMultiple(DATA);
  const instance = instanceOf(
    await discoverSystems(testTarget({ file: db.file }), db.connection, [acolibAdapter]),
    "acolib",
  );
  tasks = sourceOf(instance, "tasks");
  tools = sourceOf(instance, "tool_executions");
});

afterAll(() => db?.dispose());

async function stuck(source: JobSource, queue: string, code: StuckCode): Promise<StuckJob[]> {
  const found = await findStuck(db.connection, source, [queue], (rule) => DEFAULT_THRESHOLDS[rule]);
  return found.jobs.filter((job) => job.code === code);
}

const sentences = (jobs: StuckJob[]) =>
  Object.fromEntries(jobs.map((job) => [job.jobId, job.explanation]));

describe("acolib stuck rules on tasks", () => {
  it("has its own heartbeat_stale and waiting_too_long, and running_too_long from the roles", () => {
    const own = (tasks.stuckRules ?? []).map((rule) => rule.code);
    expect(own).toEqual(["heartbeat_stale", "waiting_too_long"]);
    expect(rulesOf(db.connection, tasks).map((rule) => rule.code)).toEqual([
      "running_too_long",
      "heartbeat_stale",
      "waiting_too_long",
    ]);
  });

  it("heartbeat_stale: a stale, closed or missing owning session, not a live one or an unknown one", async () => {
    const jobs = await stuck(tasks, "workflow", "heartbeat_stale");
    expect(sentences(jobs)).toEqual({
      "h-stale":
        "running, but its session s-stale last sent a heartbeat 47 min ago; threshold 5 min",
      "h-gone":
        "running for 12 min, but its session s-gone is not in sessions: nothing heartbeats for it",
      "h-closed": "running, but its session s-closed was closed; its last heartbeat was 3 min ago",
    });
    // Oldest sign of life first; since is the heartbeat (the start for a session that is gone).
    expect(jobs.map((job) => job.jobId)).toEqual(["h-stale", "h-gone", "h-closed"]);
    const [row] = await db.rows("SELECT last_heartbeat FROM sessions WHERE id = 's-stale'");
    expect(jobs[0]?.since?.toISOString()).toBe(
      new Date(`${String(row?.last_heartbeat).replace(" ", "T")}Z`).toISOString(),
    );
    expect(jobs.every((job) => job.suggestedAction === "retry")).toBe(true);
    expect(jobs.every((job) => job.thresholdSeconds === 300)).toBe(true);
  });

  it("running_too_long: measured from started_at", async () => {
    const jobs = await stuck(tasks, "workflow", "running_too_long");
    expect(sentences(jobs)).toEqual({
      "h-stale": "running for 52 min; threshold 30 min",
      "r-long": "running for 47 min; threshold 30 min",
    });
  });

  it("waiting_too_long: says whether a live session serves the task's workspace", async () => {
    const jobs = await stuck(tasks, "workflow", "waiting_too_long");
    expect(sentences(jobs)).toEqual({
      "w-unserved":
        "ready for 40 min and not picked up; threshold 15 min; no session with a heartbeat in the last 5 min serves its workspace /ws/unserved",
      "w-served":
        "ready for 20 min and not picked up; threshold 15 min; 1 session with a heartbeat in the last 5 min serves its workspace /ws/served",
    });
    expect(jobs.every((job) => job.suggestedAction === null)).toBe(true);
  });

  it("waiting_too_long: says nothing about workspaces where sessions do not record one", async () => {
    await db.connection.client.execute("UPDATE sessions SET metadata = NULL");
    try {
      const jobs = await stuck(tasks, "workflow", "waiting_too_long");
      expect(sentences(jobs)).toEqual({
        "w-unserved": "ready for 40 min and not picked up; threshold 15 min",
        "w-served": "ready for 20 min and not picked up; threshold 15 min",
      });
    } finally {
      await db.connection.client.execute(
        `UPDATE sessions SET metadata = CASE id WHEN 's-recent' THEN '{"workspace":"/ws/other"}'
                                              ELSE '{"workspace":"/ws/served"}' END`,
      );
    }
  });
});

describe("acolib stuck rules on tool executions", () => {
  it("running_too_long from created_at, its start, naming the task to act on", async () => {
    const jobs = await stuck(tools, "tool_executions", "running_too_long");
    expect(sentences(jobs)).toEqual({
      "x-hung":
        "running for 6 h 11 min (created_at is its start); threshold 30 min; act on its task r-long (running)",
      "x-orphan":
        "running for 40 min (created_at is its start); threshold 30 min; act on its task t-deleted (not in tasks)",
    });
    for (const job of jobs) expect(job.explanation).not.toMatch(/no start time/);
    expect(jobs.every((job) => job.suggestedAction === null)).toBe(true);
  });

  it("keeps no other rule of its own", () => {
    expect((tools.stuckRules ?? []).map((rule) => rule.code)).toEqual(["running_too_long"]);
    expect(rulesOf(db.connection, tools).map((rule) => rule.code)).toEqual([
      "waiting_too_long",
      "running_too_long",
    ]);
  });
});

describe("acolib stuck rules on the demo data", () => {
  it("finds each seeded stuck row under its rule", async () => {
    const demo = await loadAcolib("stuck");
    try {
      const instance = instanceOf(
        await discoverSystems(testTarget({ file: "demo" }), demo.connection, [acolibAdapter]),
        "acolib",
      );
      const threshold = (code: StuckCode) => DEFAULT_THRESHOLDS[code];
      const taskJobs = (
        await findStuck(
          demo.connection,
          sourceOf(instance, "tasks"),
          ["workflow", "tool", "script"],
          threshold,
        )
      ).jobs;
      const toolJobs = (
        await findStuck(
          demo.connection,
          sourceOf(instance, "tool_executions"),
          ["tool_executions"],
          threshold,
        )
      ).jobs;
      const of = (jobs: StuckJob[], id: string) =>
        Object.fromEntries(
          jobs.filter((job) => job.jobId === id).map((job) => [job.code, job.explanation]),
        );
      expect(of(taskJobs, STUCK.staleHeartbeat)).toEqual({
        running_too_long: "running for 52 min; threshold 30 min",
        heartbeat_stale: expect.stringMatching(
          /^running, but its session [0-9a-f-]{36} last sent a heartbeat 47 min ago; threshold 5 min$/,
        ),
      });
      expect(of(taskJobs, STUCK.runningTooLong)).toEqual({
        running_too_long: "running for 6 h 12 min; threshold 30 min",
      });
      expect(of(taskJobs, STUCK.pendingTooLong)).toEqual({
        waiting_too_long:
          "ready for 9 h 20 min and not picked up; threshold 15 min; no session with a heartbeat in the last 5 min serves its workspace /srv/acolib/workspaces/legacy-payments",
      });
      expect(of(toolJobs, STUCK.hungToolCall)).toEqual({
        running_too_long: `running for 6 h 11 min (created_at is its start); threshold 30 min; act on its task ${STUCK.runningTooLong} (running)`,
      });
    } finally {
      await demo.dispose();
    }
  });
});
