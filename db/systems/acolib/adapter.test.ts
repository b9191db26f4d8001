import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobState } from "@/lib/jobs/job-state";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline, type JobRecord } from "../../jobs/get-job";
import type { JobSource } from "../../jobs/job-source";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import { queueActivity } from "../../jobs/queue-activity";
import type { Detection } from "../adapter";
import { discoverSystems } from "../discover";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";
import { acolibAdapter } from "./adapter";
import {
  ADAPTER_DATA,
  DELETE_WORKFLOW,
  EXECUTION,
  migrate,
  TASK,
  type TempSqlite,
  tempSqlite,
} from "./adapter-test-data";

/** The mappings as the README documents them, written out here so a change must be deliberate. */
const TASK_MAPPING: Record<string, JobState> = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};
const TOOL_MAPPING: Record<string, JobState> = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  timeout: "failed",
};

let db: TempSqlite;

beforeAll(async () => {
  db = await tempSqlite("main");
  await migrate(db);
  await db.connection.client.executeMultiple(ADAPTER_DATA);
  await db.connection.client.executeMultiple(DELETE_WORKFLOW);
});

afterAll(() => db?.dispose());

async function acolib() {
  const systems = await discoverSystems(testTarget({ file: db.file }), db.connection, [
    acolibAdapter,
  ]);
  const instance = instanceOf(systems, "acolib");
  return {
    detection: instance.detection,
    tasks: sourceOf(instance, "tasks"),
    tools: sourceOf(instance, "tool_executions"),
  };
}

/** Raw state counts per queue, straight from SQL. */
async function rawCounts(table: string, queueColumn: string | null) {
  const queue = queueColumn ?? "'tool_executions'";
  const rows = await db.rows(
    `SELECT ${queue} AS queue, status, count(*) AS n FROM ${table} GROUP BY 1, 2`,
  );
  return (q: string, status: string) =>
    Number(rows.find((row) => row.queue === q && row.status === status)?.n ?? 0);
}

async function record(source: JobSource, id: string): Promise<JobRecord> {
  const job = await getJobRecord(db.connection, source, id);
  if (!job) throw new Error(`${id} not found`);
  return job;
}

async function explain(detection: Detection, source: JobSource, id: string) {
  const explainer = acolibAdapter.explain;
  if (!explainer) throw new Error("acolib explains jobs");
  return explainer(db.connection, detection, await record(source, id));
}

describe("acolib adapter on the migrated schema", () => {
  it("is detected by tasks with tool_executions, sessions and workflow_tasks, and says why", async () => {
    const { detection } = await acolib();
    expect(detection.schema).toBe("main");
    expect(detection.because).toEqual([
      "main.tasks: id, title, task_type, status (CHECK list: pending, running, completed, failed, cancelled), config, created_at, workspace_path, started_at, completed_at, error, metadata",
      "main.tool_executions: id, task_id, tool_name, status (CHECK list: pending, running, completed, failed, timeout), created_at, arguments, output, error, completed_at, duration_ms",
      "main.sessions: id, last_heartbeat, client_id, is_active",
      "main.workflow_tasks: workflow_id, task_id",
    ]);
    expect(detection.missing).toEqual([]);
    expect(Object.keys(detection.tables).sort()).toEqual([
      "sessions",
      "tasks",
      "tool_executions",
      "workflow_tasks",
      "workflows",
    ]);
  });

  it("describes both sources by role, with the CHECK lists as declared states", async () => {
    const { tasks, tools } = await acolib();
    expect(tasks).toMatchObject({
      label: "Tasks",
      queues: { kind: "column" },
      idKind: "text",
      declaredStates: {
        by: "check",
        values: ["pending", "running", "completed", "failed", "cancelled"],
      },
    });
    expect(tasks.columns.queue?.name).toBe("task_type");
    expect(tasks.columns.type?.name).toBe("workspace_path");
    expect(tasks.columns.payload?.name).toBe("config");
    expect(tasks.columns.result).toBeUndefined();
    expect(tasks.history?.table).toBe(tools.table);
    expect(tools).toMatchObject({
      label: "Tool executions",
      queues: { kind: "single", name: "tool_executions" },
      declaredStates: {
        by: "check",
        values: ["pending", "running", "completed", "failed", "timeout"],
      },
    });
    expect(tools.columns.startedAt).toBeUndefined();
    expect(tools.notes?.startedAt).toMatch(/created_at/);
  });

  it("lists one task queue per task_type, and one tool_executions queue", async () => {
    const { tasks, tools } = await acolib();
    expect(await listQueues(db.connection, tasks)).toEqual(["script", "tool", "workflow"]);
    expect(await listQueues(db.connection, tools)).toEqual(["tool_executions"]);
  });

  it("counts tasks exactly per canonical state in every queue", async () => {
    const { tasks } = await acolib();
    const queues = ["script", "tool", "workflow"];
    const counts = await countStates(db.connection, tasks, queues);
    const raw = await rawCounts("tasks", "task_type");
    for (const queue of queues) {
      expect(counts.get(queue)?.exact).toBe(true);
      expect(counts.get(queue)?.counts).toEqual({
        waiting: raw(queue, "pending"),
        scheduled: 0,
        running: raw(queue, "running"),
        blocked: 0,
        failed: raw(queue, "failed"),
        succeeded: raw(queue, "completed"),
        cancelled: raw(queue, "cancelled"),
        skipped: 0,
        unknown: 0,
      });
    }
    expect(counts.get("script")?.counts.running).toBe(8);
  });

  it("counts tool executions exactly, timeout as failed", async () => {
    const { tools } = await acolib();
    const counts = (await countStates(db.connection, tools, ["tool_executions"])).get(
      "tool_executions",
    );
    const raw = await rawCounts("tool_executions", null);
    const q = "tool_executions";
    expect(counts?.counts).toEqual({
      waiting: raw(q, "pending"),
      scheduled: 0,
      running: raw(q, "running"),
      blocked: 0,
      failed: raw(q, "failed") + raw(q, "timeout"),
      succeeded: raw(q, "completed"),
      cancelled: 0,
      skipped: 0,
      unknown: 0,
    });
    expect(counts?.buckets.find((bucket) => bucket.raw === "timeout")).toMatchObject({
      state: "failed",
      count: 6,
    });
  });

  it("maps every raw state of both tables, and filters by canonical state", async () => {
    const { tasks, tools } = await acolib();
    const taskRaw = await rawCounts("tasks", "task_type");
    for (const [raw, state] of Object.entries(TASK_MAPPING)) {
      const page = await listJobs(db.connection, tasks, "tool", { rawState: raw }, null, 500);
      expect(page.jobs.length, raw).toBe(taskRaw("tool", raw));
      expect(page.jobs.length, raw).toBeGreaterThan(0);
      expect(page.jobs.every((job) => job.state === state && job.rawState === raw)).toBe(true);
    }
    const toolRaw = await rawCounts("tool_executions", null);
    for (const [raw, state] of Object.entries(TOOL_MAPPING)) {
      const page = await listJobs(
        db.connection,
        tools,
        "tool_executions",
        { rawState: raw },
        null,
        500,
      );
      expect(page.jobs.length, raw).toBe(toolRaw("tool_executions", raw));
      expect(page.jobs.length, raw).toBeGreaterThan(0);
      expect(page.jobs.every((job) => job.state === state && job.rawState === raw)).toBe(true);
    }
    const failed = await listJobs(
      db.connection,
      tools,
      "tool_executions",
      { state: "failed" },
      null,
      500,
    );
    expect(new Set(failed.jobs.map((job) => job.rawState))).toEqual(new Set(["failed", "timeout"]));
  });

  it("filters tasks by workspace (the type) and tool executions by tool name", async () => {
    const { tasks, tools } = await acolib();
    const [truth] = await db.rows(
      "SELECT count(*) AS n FROM tasks WHERE task_type = 'tool' AND workspace_path = '/srv/ws/orca-core'",
    );
    const page = await listJobs(
      db.connection,
      tasks,
      "tool",
      { type: "/srv/ws/orca-core" },
      null,
      500,
    );
    expect(page.jobs.length).toBe(Number(truth?.n));
    expect(page.jobs.every((job) => job.type === "/srv/ws/orca-core")).toBe(true);
    const reads = await listJobs(
      db.connection,
      tools,
      "tool_executions",
      { type: "file_read" },
      null,
      500,
    );
    expect(reads.jobs.map((job) => job.type)).toEqual(Array(13).fill("file_read"));
  });

  it("reports waiting age and the last hour's finished and failed from TEXT timestamps", async () => {
    const { tasks } = await acolib();
    const activity = (await queueActivity(db.connection, tasks)).get("tool");
    const [truth] = await db.rows(`
      SELECT (julianday('now') - min(CASE WHEN status = 'pending' THEN julianday(created_at) END)) * 86400 AS age,
             sum(status IN ('completed', 'failed', 'cancelled') AND julianday(completed_at) >= julianday('now') - 1.0 / 24) AS finished,
             sum(status = 'failed' AND julianday(completed_at) >= julianday('now') - 1.0 / 24) AS failed
      FROM tasks WHERE task_type = 'tool'`);
    expect(activity?.oldestWaitingSeconds).toBeCloseTo(Number(truth?.age), 0);
    expect(activity?.finishedLastHour).toBe(Number(truth?.finished));
    expect(activity?.failedLastHour).toBe(Number(truth?.failed));
    expect(activity?.finishedLastHour).toBeGreaterThan(5);
  });

  it("pages by keyset through every task and every tool execution once while new ones arrive", async () => {
    const { tasks, tools } = await acolib();
    const before = (await db.rows("SELECT id FROM tasks WHERE task_type = 'tool'")).map((row) =>
      String(row.id),
    );
    let inserted = 0;
    const seen = await pageThrough(db.connection, tasks, "tool", {
      pageSize: 4,
      between: async () => {
        inserted++;
        await db.rows(
          "INSERT INTO tasks (id, title, task_type, config) VALUES (?, 'new', 'tool', '{}')",
          [`new-task-${inserted}`],
        );
      },
    });
    expect(inserted).toBeGreaterThan(3);
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(before));

    const toolsBefore = (await db.rows("SELECT id FROM tool_executions")).map((row) =>
      String(row.id),
    );
    let added = 0;
    const seenTools = await pageThrough(db.connection, tools, "tool_executions", {
      pageSize: 5,
      between: async () => {
        added++;
        await db.rows(
          "INSERT INTO tool_executions (id, task_id, tool_name, arguments) VALUES (?, 't-001', 'fs_list', '{}')",
          [`new-x-${added}`],
        );
      },
    });
    expect(added).toBeGreaterThan(3);
    expect(seenTools.length).toBe(new Set(seenTools).size);
    expect(new Set(seenTools)).toEqual(new Set(toolsBefore));
  });

  it("reads a task with its fields decoded, whatever the timestamp format", async () => {
    const { tasks } = await acolib();
    const job = await record(tasks, TASK.staleSession);
    const [times] = await db.rows(
      "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created_at) AS created, strftime('%Y-%m-%dT%H:%M:%SZ', started_at) AS started FROM tasks WHERE id = ?",
      [TASK.staleSession],
    );
    expect(job).toMatchObject({
      sourceId: "tasks",
      state: "running",
      rawState: "running",
      queue: "workflow",
      type: "/srv/ws/billing-api",
      payload: { pattern: "react" },
      result: null,
      error: null,
      finishedAt: null,
      heartbeatAt: null,
    });
    expect(job.createdAt?.toISOString()).toBe(new Date(String(times?.created)).toISOString());
    expect(job.startedAt?.toISOString()).toBe(new Date(String(times?.started)).toISOString());
    expect(job.fields.metadata).toBe('{"session_id":"s-stale","source":"web_ui"}');

    const offset = await record(tasks, TASK.offsetHeartbeat);
    expect(offset.createdAt?.toISOString()).toBe("2025-01-15T08:00:00.000Z");
    const failed = await record(tasks, "t-003");
    expect(failed).toMatchObject({ state: "failed", error: "exit status 3" });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    expect(await getJobRecord(db.connection, tasks, "nope'; drop table tasks; --")).toBeNull();
  });

  it("reads a tool execution with its arguments as payload and its output as result", async () => {
    const { tools } = await acolib();
    expect(await record(tools, EXECUTION.timedOut)).toMatchObject({
      state: "failed",
      rawState: "timeout",
      queue: "tool_executions",
      type: "shell_exec",
      payload: { command: "cargo test" },
      result: null,
      error: "timed out after 30s",
    });
    expect(await record(tools, EXECUTION.search)).toMatchObject({
      state: "succeeded",
      result: { matches: 3 },
    });
  });

  it("gives a task's timeline from its tool executions, oldest first", async () => {
    const { tasks } = await acolib();
    const timeline = await getTimeline(db.connection, tasks, TASK.staleSession);
    expect(timeline.map((entry) => [entry.state, entry.event])).toEqual([
      ["completed", "code_search"],
      ["timeout", "shell_exec"],
      ["running", "shell_exec"],
    ]);
    expect(timeline[0]?.details).toMatchObject({ duration_ms: 212, error: null });
    expect(timeline[0]?.details.completed_at).toBeInstanceOf(Date);
    expect(timeline[1]?.details).toMatchObject({
      duration_ms: 30000,
      error: "timed out after 30s",
    });
    expect(timeline[2]?.details).toEqual({ duration_ms: null, completed_at: null, error: null });
    expect(timeline.every((entry) => entry.at instanceof Date)).toBe(true);
    expect(await getTimeline(db.connection, tasks, TASK.pendingNoSession)).toEqual([]);
  });
});

describe("acolib explanations", () => {
  it("flags a stale heartbeat on a running task's session, and names its workflows", async () => {
    const { detection, tasks } = await acolib();
    const { facts, related } = await explain(detection, tasks, TASK.staleSession);
    expect(facts).toEqual([
      { label: "Session", value: "s-stale" },
      { label: "Client", value: "aco-stale" },
      { label: "Session active", value: "yes", tone: "neutral" },
      {
        label: "Last heartbeat",
        value: expect.stringMatching(
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(10 min ago; stale: none for over 2 min\)$/,
        ),
        tone: "danger",
      },
      { label: "Workflow", value: "Release train (active, id wf-release), sequence 2" },
      { label: "Workflow", value: "wf-gone (not in workflows), sequence 5", tone: "warning" },
    ]);
    expect(related).toEqual([]);
  });

  it("keeps a fresh heartbeat neutral, and reads an RFC 3339 heartbeat with its offset", async () => {
    const { detection, tasks } = await acolib();
    const fresh = await explain(detection, tasks, TASK.freshSession);
    expect(fresh.facts.find((fact) => fact.label === "Last heartbeat")).toEqual({
      label: "Last heartbeat",
      value: expect.stringMatching(/ UTC \((29|30|31|32) s ago\)$/),
      tone: "neutral",
    });
    const offset = await explain(detection, tasks, TASK.offsetHeartbeat);
    const heartbeat = offset.facts.find((fact) => fact.label === "Last heartbeat");
    expect(heartbeat).toEqual({
      label: "Last heartbeat",
      value: expect.stringMatching(/ UTC \((19|20|21|22) s ago\)$/),
      tone: "neutral",
    });
    const shown = new Date(`${heartbeat?.value.slice(0, 19).replace(" ", "T")}Z`);
    expect(Math.abs(Date.now() - 20_000 - shown.getTime())).toBeLessThan(5_000);
  });

  it("flags a closed session and a vanished one while the task runs", async () => {
    const { detection, tasks } = await acolib();
    const closed = await explain(detection, tasks, TASK.closedSession);
    expect(closed.facts.slice(0, 3)).toEqual([
      { label: "Session", value: "s-closed" },
      { label: "Client", value: "aco-closed" },
      { label: "Session active", value: "no: the connection was closed", tone: "danger" },
    ]);
    expect(closed.facts[3]).toMatchObject({
      value: expect.stringMatching(/\(2 h ago; stale/),
      tone: "danger",
    });
    expect((await explain(detection, tasks, TASK.goneSession)).facts).toEqual([
      { label: "Session", value: "s-deleted (not in sessions)", tone: "danger" },
    ]);
  });

  it("keeps a finished task's stale session neutral, and says when no session is recorded", async () => {
    const { detection, tasks } = await acolib();
    const done = await explain(detection, tasks, TASK.doneOnStaleSession);
    expect(done.facts.find((fact) => fact.label === "Last heartbeat")).toMatchObject({
      value: expect.stringMatching(/stale/),
      tone: "neutral",
    });
    expect((await explain(detection, tasks, TASK.pendingNoSession)).facts).toEqual([
      { label: "Session", value: "none recorded (metadata has no session_id)", tone: "neutral" },
    ]);
    expect((await explain(detection, tasks, TASK.badMetadata)).facts).toEqual([
      { label: "Session", value: "none recorded (metadata is not JSON)", tone: "warning" },
    ]);
  });

  it("relates a tool execution to its task, or to the id of a task that is gone", async () => {
    const { detection, tasks, tools } = await acolib();
    const search = await explain(detection, tools, EXECUTION.search);
    expect(search).toEqual({
      facts: [
        { label: "Parent task", value: "Fix bug #4821" },
        { label: "Duration", value: "212 ms" },
      ],
      related: [
        {
          relation: "parent task",
          jobId: TASK.staleSession,
          recordedId: TASK.staleSession,
          state: "running",
          sourceId: "tasks",
        },
      ],
    });
    expect(await getJobRecord(db.connection, tasks, TASK.staleSession)).not.toBeNull();

    const orphan = await explain(detection, tools, EXECUTION.orphan);
    expect(orphan.related).toEqual([
      { relation: "parent task", jobId: null, recordedId: "t-deleted", sourceId: "tasks" },
    ]);
    expect(orphan.facts[0]).toMatchObject({
      label: "Parent task",
      value: expect.stringMatching(/^t-deleted is not in tasks/),
      tone: "warning",
    });
  });

  it("warns about an execution still running under a finished task, and explains durations", async () => {
    const { detection, tools } = await acolib();
    expect((await explain(detection, tools, EXECUTION.outlivedTask)).facts).toEqual([
      { label: "Parent task", value: "Generated task 2" },
      {
        label: "Parent task finished",
        value: "the task is completed, but this execution is still running",
        tone: "warning",
      },
      { label: "Duration", value: "running for 1 min so far (since created_at)" },
    ]);
    const noDuration = await explain(detection, tools, EXECUTION.noDuration);
    expect(noDuration.facts.at(-1)).toEqual({
      label: "Duration",
      value: "3 s (created_at to completed_at; duration_ms not recorded)",
    });
    const timedOut = await explain(detection, tools, EXECUTION.timedOut);
    expect(timedOut.facts.at(-1)).toEqual({ label: "Duration", value: "30 s (30000 ms)" });
  });
});
