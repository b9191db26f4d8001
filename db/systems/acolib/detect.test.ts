import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTarget } from "@/test/target-config";
import { readSnapshot } from "../../catalog/read-snapshot";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { queueActivity } from "../../jobs/queue-activity";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { acolibAdapter } from "./adapter";
import { DRIFTED_SCHEMA, type TempSqlite, tempSqlite } from "./adapter-test-data";
import { loadAcolib, STUCK } from "./fixture/test-support";

const detect = async (db: TempSqlite, options = {}) =>
  acolibAdapter.detect(await readSnapshot(db.connection), options);

const discover = (db: TempSqlite) =>
  discoverSystems(testTarget({ file: db.file }), db.connection, [acolibAdapter]);

describe("acolib detection", () => {
  let db: TempSqlite;
  beforeAll(async () => {
    db = await tempSqlite("detect");
  });
  afterAll(() => db?.dispose());

  it("ignores a generic tasks table, and one without tool_executions or sessions beside it", async () => {
    await db.rows(
      "CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, status TEXT, created_at TEXT)",
    );
    expect(await detect(db)).toEqual({
      found: false,
      reason: "main.tasks lacks task_type, config",
    });

    await db.rows("ALTER TABLE tasks ADD COLUMN task_type TEXT");
    await db.rows("ALTER TABLE tasks ADD COLUMN config TEXT");
    await db.rows(
      "CREATE TABLE tool_executions (id TEXT PRIMARY KEY, task_id TEXT, tool_name TEXT)",
    );
    expect(await detect(db)).toEqual({
      found: false,
      reason:
        "main.tasks has neither tool_executions (id, task_id, tool_name, status, created_at) nor sessions (id, last_heartbeat) beside it",
    });
    expect((await discover(db)).instances).toEqual([]);
  });

  it("accepts tasks with sessions alone, without a tool executions source or timeline", async () => {
    await db.rows("CREATE TABLE sessions (id TEXT PRIMARY KEY, last_heartbeat TEXT NOT NULL)");
    const instance = instanceOf(await discover(db), "acolib");
    expect(instance.detection.because).toEqual([
      "main.tasks: id, title, task_type, status (text), config, created_at",
      "main.sessions: id, last_heartbeat",
    ]);
    expect(instance.detection.missing).toEqual([
      "tool_executions lacks status, created_at: no task timeline and no tool executions source",
      "workflow_tasks not found: no workflow facts for tasks",
      "tasks.metadata: the owning session of a task is unknown",
      "tasks.started_at: no task start times",
      "tasks.completed_at: no task finish times, so no task throughput",
      "sessions.is_active: whether a session was closed is unknown",
    ]);
    expect(instance.sources.map((source) => source.id)).toEqual(["tasks"]);
    expect(sourceOf(instance, "tasks").history).toBeUndefined();
    expect(sourceOf(instance, "tasks").idKind).toBe("integer");
  });

  it("looks only in the configured schema when one is given", async () => {
    expect(await detect(db, { schema: "main" })).toMatchObject({ found: true });
    expect(await detect(db, { schema: "acolib" })).toEqual({
      found: false,
      reason: "no table named tasks in schema acolib",
    });
  });
});

describe("acolib on a drifted schema: plain TEXT states, extra and missing columns", () => {
  let db: TempSqlite;
  beforeAll(async () => {
    db = await tempSqlite("drifted");
    await db.connection.client.executeMultiple(DRIFTED_SCHEMA);
  });
  afterAll(() => db?.dispose());

  const drifted = async () => {
    const instance = instanceOf(await discover(db), "acolib");
    return {
      instance,
      tasks: sourceOf(instance, "tasks"),
      tools: sourceOf(instance, "tool_executions"),
    };
  };

  it("is detected with states declared as text, and says what is missing", async () => {
    const { instance, tasks, tools } = await drifted();
    expect(instance.detection.because).toEqual([
      "main.tasks: id, title, task_type, status (text), config, created_at, workspace_path, completed_at, error",
      "main.tool_executions: id, task_id, tool_name, status (text), created_at, arguments",
    ]);
    expect(instance.detection.missing).toEqual([
      "sessions not found: no session or heartbeat facts for tasks",
      "workflow_tasks not found: no workflow facts for tasks",
      "tasks.metadata: the owning session of a task is unknown",
      "tasks.started_at: no task start times",
      "tool_executions.completed_at: no tool execution finish times, so no throughput",
      "tool_executions.duration_ms: durations are computed from timestamps where possible",
    ]);
    expect(tasks.declaredStates).toBeUndefined();
    expect(tools.declaredStates).toBeUndefined();
    expect(tasks.columns.startedAt).toBeUndefined();
    expect(tools.columns.finishedAt).toBeUndefined();
    expect(tools.columns.result).toBeUndefined();
    expect(tasks.history?.details).toEqual({});
  });

  it("counts and lists an undocumented raw state as unknown, keeping its raw value", async () => {
    const { tasks, tools } = await drifted();
    const counts = await countStates(db.connection, tasks, ["tool", "script"]);
    expect(counts.get("tool")?.counts).toMatchObject({ running: 1, unknown: 1, succeeded: 0 });
    expect(counts.get("script")?.counts).toMatchObject({ succeeded: 1, unknown: 0 });
    expect(counts.get("tool")?.buckets.find((bucket) => bucket.state === "unknown")).toMatchObject({
      raw: null,
      count: 1,
    });
    const unknown = await listJobs(db.connection, tasks, "tool", { state: "unknown" }, null, 50);
    expect(unknown.jobs).toMatchObject([
      { id: "d-2", state: "unknown", rawState: "paused_by_operator" },
    ]);
    const byRaw = await listJobs(
      db.connection,
      tasks,
      "tool",
      { rawState: "paused_by_operator" },
      null,
      50,
    );
    expect(byRaw.jobs.map((job) => job.id)).toEqual(["d-2"]);
    const killed = await countStates(db.connection, tools, ["tool_executions"]);
    expect(killed.get("tool_executions")?.counts).toMatchObject({ running: 1, unknown: 1 });
  });

  it("reads jobs, timelines, activity and explanations without the absent columns", async () => {
    const { instance, tasks, tools } = await drifted();
    const job = await getJobRecord(db.connection, tasks, "d-2");
    expect(job).toMatchObject({
      state: "unknown",
      rawState: "paused_by_operator",
      startedAt: null,
    });
    expect(job?.fields.priority).toBe(0);
    const timeline = await getTimeline(db.connection, tasks, "d-1");
    expect(timeline.map((entry) => [entry.state, entry.event, entry.details])).toEqual([
      ["running", "shell_exec", {}],
      ["killed", "shell_exec", {}],
    ]);
    expect((await queueActivity(db.connection, tools)).get("tool_executions")).toBeUndefined();

    const explain = acolibAdapter.explain;
    if (!explain || !job) throw new Error("expected an explainer and a job");
    expect(await explain(db.connection, instance.detection, job)).toEqual({
      facts: [{ label: "Session", value: "unknown: tasks has no metadata column" }],
      related: [],
    });
    const execution = await getJobRecord(db.connection, tools, "dx-1");
    if (!execution) throw new Error("dx-1 not found");
    const explained = await explain(db.connection, instance.detection, execution);
    expect(explained.related).toEqual([
      {
        relation: "parent task",
        jobId: "d-1",
        recordedId: "d-1",
        state: "running",
        sourceId: "tasks",
      },
    ]);
    expect(explained.facts.at(-1)).toEqual({
      label: "Duration",
      value: "running for 2 min so far (since created_at)",
    });
  });
});

describe("acolib on the demo data (smoke)", () => {
  it("detects the full demo, counts it like SQL, and explains its stuck rows", async () => {
    const demo = await loadAcolib("adapter");
    try {
      const systems = await discoverSystems(testTarget({ file: "demo.db" }), demo.connection, [
        acolibAdapter,
      ]);
      const instance = instanceOf(systems, "acolib");
      expect(instance.detection.missing).toEqual([]);
      const tasks = sourceOf(instance, "tasks");
      const counts = await countStates(demo.connection, tasks, ["script", "tool", "workflow"]);
      const total = [...counts.values()].reduce((sum, queue) => sum + queue.counts.running, 0);
      expect(total).toBe(
        await demo.count("SELECT count(*) AS n FROM tasks WHERE status = 'running'"),
      );

      const explain = acolibAdapter.explain;
      const stale = await getJobRecord(demo.connection, tasks, STUCK.staleHeartbeat);
      const hung = await getJobRecord(
        demo.connection,
        sourceOf(instance, "tool_executions"),
        STUCK.hungToolCall,
      );
      if (!explain || !stale || !hung) throw new Error("expected the stuck rows");
      const staleFacts = (await explain(demo.connection, instance.detection, stale)).facts;
      expect(staleFacts.find((fact) => fact.label === "Last heartbeat")?.tone).toBe("danger");
      expect(staleFacts.filter((fact) => fact.label === "Workflow")).toHaveLength(1);
      expect((await explain(demo.connection, instance.detection, hung)).related).toEqual([
        {
          relation: "parent task",
          jobId: STUCK.runningTooLong,
          recordedId: STUCK.runningTooLong,
          state: "running",
          sourceId: "tasks",
        },
      ]);
    } finally {
      await demo.dispose();
    }
  });
});
