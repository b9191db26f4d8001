import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import { queueActivity } from "../../jobs/queue-activity";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { ids, loadTestData } from "./test-support";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_adapter");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await loadTestData(connection.sql);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  if (database) await database.drop();
});

const inspect = (schema?: string) =>
  discoverSystems(
    testTarget(
      { url: database.url },
      schema ? { systems: { "maintenance-agent": { schema } } } : {},
    ),
    connection,
    [maintenanceAgentAdapter],
  );
const instanceIn = async (schema?: string) =>
  instanceOf(await inspect(schema), "maintenance-agent");
const sourceIn = async (schema: string, id: "memory" | "review") =>
  sourceOf(await instanceIn(schema), id);

describe("maintenance-agent detection", () => {
  it("recognises the agent's tables before migration 001 and says what that turns off", async () => {
    const { detection, sources } = await instanceIn("public");
    expect(detection.schema).toBe("public");
    expect(detection.because).toEqual([
      "public.maintenance_agent_memory: id, asset_uid, processing_status (CHECK list: pending, in_progress, completed, failed), processing_stage, created_at, updated_at, total_tasks_found",
      "public.maintenance_tasks_queue: id, asset_uid, description, status (text), created_at, confidence, source_details, task_type, reviewed_at, review_notes, duplicate_of",
      "public.systems: asset_uid, description, manufacturer_norm, model_norm (shared, read-only)",
      "public.documents: doc_id, manufacturer, model (shared, read-only)",
    ]);
    expect(detection.missing).toEqual([
      "maintenance_agent_memory.retry_count, last_retry_at, next_retry_at, last_error, tasks_queued: migration 001 not applied: no retry tracking",
    ]);
    expect(sources.map((source) => [source.id, source.label])).toEqual([
      ["memory", "System processing"],
      ["review", "Task review queue"],
    ]);
  });

  it("prefers a schema holding both tables, whatever its name, and sees migration 001 there", async () => {
    // drifted sorts first but holds only the memory table.
    const { detection } = await instanceIn();
    expect(detection.schema).toBe("plant_b");
    expect(detection.missing).toEqual([]);
    expect(detection.because[0]).toMatch(/^plant_b\.maintenance_agent_memory: id, asset_uid, /);
  });

  it("detects the memory table alone, with an enum state that gained a label", async () => {
    const { detection, sources } = await instanceIn("drifted");
    expect(detection.because).toEqual([
      "drifted.maintenance_agent_memory: id, asset_uid, processing_status (enum drifted.memory_status: pending, in_progress, completed, failed, paused), processing_stage, created_at",
    ]);
    expect(detection.missing).toEqual([
      "maintenance_agent_memory.retry_count, last_retry_at, next_retry_at, last_error, tasks_queued: migration 001 not applied: no retry tracking",
      "maintenance_agent_memory.updated_at: no liveness signal for running systems",
      "maintenance_tasks_queue not found: no task review queue",
      "systems (shared) not found in drifted: no equipment names",
      "documents (shared) not found in drifted: no source document checks",
    ]);
    const [memory] = sources;
    expect(sources).toHaveLength(1);
    expect(memory?.declaredStates).toEqual({
      values: ["pending", "in_progress", "completed", "failed", "paused"],
      by: "enum",
    });
    expect(memory?.columns.heartbeatAt).toBeUndefined();
  });

  it("detects a partitioned review queue alone, its states a CHECK list", async () => {
    const { detection, sources } = await instanceIn("review_only");
    expect(detection.because).toEqual([
      "review_only.maintenance_tasks_queue: id, asset_uid, description, status (CHECK list: pending, approved, rejected, escalated), created_at, confidence, reviewed_at",
    ]);
    expect(detection.missing).toContain(
      "maintenance_agent_memory not found: no per-system processing runs",
    );
    expect(sources.map((source) => source.id)).toEqual(["review"]);
    expect(sources[0]?.declaredStates?.by).toBe("check");
    expect(sources[0]?.columns.payload).toBeUndefined();
  });

  it("is not found in a schema without its tables, and says what it looked for", async () => {
    const systems = await discoverSystems(
      testTarget(
        { url: database.url },
        { systems: { "maintenance-agent": { schema: "nowhere" } } },
      ),
      connection,
      [maintenanceAgentAdapter],
    );
    expect(systems.instances).toEqual([]);
    expect(systems.absent).toEqual([
      {
        system: "maintenance-agent",
        name: "Maintenance agent",
        reason:
          "no table named maintenance_agent_memory in schema nowhere; no table named maintenance_tasks_queue in schema nowhere",
        configured: true,
      },
    ]);
  });
});

describe("maintenance-agent among the other systems", () => {
  it("does not mistake another system's queue or status tables for the agent's", async () => {
    const others = await createTestDatabase("maintenance_agent_others");
    const other = connectPostgres(others.url, { statementTimeoutMs: 5000, poolSize: 1 });
    try {
      for (const system of ["coach-artie", "model-coordination", "generic"]) {
        await other.sql.unsafe(
          readSql(new URL(`../${system}/fixture/`, import.meta.url).href, "schema.sql"),
        );
      }
      await other.sql.unsafe(
        readSql(
          new URL("../marie/fixture/", import.meta.url).href,
          "schema.sql",
          "marie_scheduler",
        ),
      );
      const systems = await discoverSystems(testTarget({ url: others.url }), other, [
        maintenanceAgentAdapter,
      ]);
      expect(systems.instances).toEqual([]);
      expect(systems.absent[0]?.reason).toBe(
        "no table named maintenance_agent_memory; no table named maintenance_tasks_queue",
      );
    } finally {
      await closeConnection(other);
      await others.drop();
    }
  });

  it("requires the review queue's own columns, not just its name", async () => {
    await connection.sql.unsafe(`
      create schema lookalike;
      create table lookalike.maintenance_tasks_queue (id uuid, asset_uid uuid, description text,
        status text, created_at timestamptz);`);
    const systems = await inspect("lookalike");
    expect(systems.absent[0]?.reason).toBe(
      "no table named maintenance_agent_memory in schema lookalike; lookalike.maintenance_tasks_queue lacks confidence or source_details",
    );
  });
});

describe("maintenance-agent sources", () => {
  it("lists one queue per table", async () => {
    expect(await listQueues(connection, await sourceIn("public", "memory"))).toEqual([
      "system-processing",
    ]);
    expect(await listQueues(connection, await sourceIn("public", "review"))).toEqual(["review"]);
  });

  it("counts memory rows exactly before migration 001: failed stays failed", async () => {
    const source = await sourceIn("public", "memory");
    expect(source.states.refinements).toEqual([]);
    expect(source.columns.attempts).toBeUndefined();
    expect(source.notes?.attempts).toMatch(/migration 001/);
    const counts = (await countStates(connection, source, ["system-processing"])).get(
      "system-processing",
    );
    const [truth] = await connection.sql<Record<string, number>[]>`
      select count(*) filter (where processing_status = 'pending')::int as waiting,
             count(*) filter (where processing_status = 'in_progress')::int as running,
             count(*) filter (where processing_status = 'completed')::int as succeeded,
             count(*) filter (where processing_status = 'failed')::int as failed
      from public.maintenance_agent_memory`;
    expect(counts?.exact).toBe(true);
    expect(counts?.counts).toEqual({
      waiting: truth?.waiting,
      scheduled: 0,
      running: truth?.running,
      blocked: 0,
      failed: truth?.failed,
      succeeded: truth?.succeeded,
      cancelled: 0,
      skipped: 0,
      unknown: 0,
    });
    expect(counts?.counts.running).toBe(2);
  });

  it("after migration 001, a failed row with next_retry_at set is scheduled", async () => {
    const source = await sourceIn("plant_b", "memory");
    const counts = (await countStates(connection, source, ["system-processing"])).get(
      "system-processing",
    );
    const [truth] = await connection.sql<Record<string, number>[]>`
      select count(*) filter (where processing_status = 'failed' and next_retry_at is not null)::int as scheduled,
             count(*) filter (where processing_status = 'failed' and next_retry_at is null)::int as failed,
             count(*) filter (where processing_status = 'pending')::int as waiting,
             count(*) filter (where processing_status = 'in_progress')::int as running,
             count(*) filter (where processing_status = 'completed')::int as succeeded
      from plant_b.maintenance_agent_memory`;
    expect(counts?.counts).toEqual({
      waiting: truth?.waiting,
      scheduled: truth?.scheduled,
      running: truth?.running,
      blocked: 0,
      failed: truth?.failed,
      succeeded: truth?.succeeded,
      cancelled: 0,
      skipped: 0,
      unknown: 0,
    });
    expect(counts?.counts.scheduled).toBe(2);
    expect(counts?.buckets.find((bucket) => bucket.state === "scheduled")).toMatchObject({
      raw: "failed",
      because: "failed, retry scheduled (next_retry_at is set)",
      count: 2,
    });

    const page = await listJobs(connection, source, "system-processing", {}, null, 100);
    const stateOf = Object.fromEntries(page.jobs.map((job) => [job.id, [job.rawState, job.state]]));
    const { plantB } = ids;
    expect(stateOf).toEqual({
      [plantB.retryScheduled]: ["failed", "scheduled"],
      [plantB.failedForGood]: ["failed", "failed"],
      [plantB.retryOverdue]: ["failed", "scheduled"],
      [plantB.pending]: ["pending", "waiting"],
      [plantB.completed]: ["completed", "succeeded"],
      [plantB.orphan]: ["in_progress", "running"],
    });
    const scheduled = await listJobs(
      connection,
      source,
      "system-processing",
      { state: "scheduled" },
      null,
      100,
    );
    expect(scheduled.jobs.map((job) => job.id).sort()).toEqual(
      [plantB.retryScheduled, plantB.retryOverdue].sort(),
    );
  });

  it("maps review states: rejected is cancelled, an undocumented state unknown", async () => {
    const source = await sourceIn("public", "review");
    const counts = (await countStates(connection, source, ["review"])).get("review");
    const [truth] = await connection.sql<Record<string, number>[]>`
      select count(*) filter (where status = 'pending')::int as waiting,
             count(*) filter (where status = 'approved')::int as succeeded,
             count(*) filter (where status = 'rejected')::int as cancelled,
             count(*) filter (where status not in ('pending', 'approved', 'rejected'))::int as unknown
      from public.maintenance_tasks_queue`;
    expect(counts?.counts).toEqual({
      waiting: truth?.waiting,
      scheduled: 0,
      running: 0,
      blocked: 0,
      failed: 0,
      succeeded: truth?.succeeded,
      cancelled: truth?.cancelled,
      skipped: 0,
      unknown: 1,
    });
    const odd = await listJobs(connection, source, "review", { state: "unknown" }, null, 10);
    expect(odd.jobs).toMatchObject([
      { id: ids.public.escalated, state: "unknown", rawState: "escalated" },
    ]);
    const rejected = await listJobs(
      connection,
      source,
      "review",
      { state: "cancelled" },
      null,
      100,
    );
    expect(rejected.jobs.length).toBe(truth?.cancelled);
    expect(rejected.jobs.every((job) => job.rawState === "rejected")).toBe(true);
  });

  it("counts an enum label the mapping does not know as unknown", async () => {
    const source = await sourceIn("drifted", "memory");
    const counts = (await countStates(connection, source, ["system-processing"])).get(
      "system-processing",
    );
    expect(counts?.counts).toMatchObject({ waiting: 1, succeeded: 1, unknown: 1 });
    const odd = await listJobs(
      connection,
      source,
      "system-processing",
      { rawState: "paused" },
      null,
      10,
    );
    expect(odd.jobs).toMatchObject([{ state: "unknown", rawState: "paused", type: "discovery" }]);
  });

  it("counts a CHECK-declared state without a mapping as unknown in a partitioned table", async () => {
    const source = await sourceIn("review_only", "review");
    const counts = (await countStates(connection, source, ["review"])).get("review");
    expect(counts?.counts).toMatchObject({ waiting: 1, succeeded: 1, unknown: 1 });
  });

  it("reports review throughput from reviewed_at, and none for processing runs", async () => {
    const review = (await queueActivity(connection, await sourceIn("public", "review"))).get(
      "review",
    );
    const [truth] = await connection.sql<{ finished: number; age: number }[]>`
      select count(*) filter (where status in ('approved', 'rejected')
                                and reviewed_at >= now() - interval '1 hour')::int as finished,
             extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8 as age
      from public.maintenance_tasks_queue`;
    expect(review?.finishedLastHour).toBe(truth?.finished);
    // A rejection is a reviewer's decision, not a failure.
    expect(review?.failedLastHour).toBe(0);
    expect(review?.oldestWaitingSeconds).toBeCloseTo(truth?.age ?? -1, 0);

    const memory = (await queueActivity(connection, await sourceIn("public", "memory"))).get(
      "system-processing",
    );
    expect(memory?.finishedLastHour).toBeNull();
    expect(memory?.throughput).toBeNull();
    expect(memory?.oldestWaitingSeconds).toBeGreaterThan(3 * 3600 - 60);
  });

  it("pages by keyset through every review task exactly once while new tasks arrive", async () => {
    const source = await sourceIn("public", "review");
    const before = await connection.sql<{ id: string }[]>`
      select id from public.maintenance_tasks_queue`;
    let inserted = 0;
    const seen = await pageThrough(connection, source, "review", {
      pageSize: 4,
      between: async () => {
        inserted++;
        await connection.sql`insert into public.maintenance_tasks_queue (asset_uid, description)
                             values (${ids.plantB.orphanAsset}, 'arrived while paging')`;
      },
    });
    expect(inserted).toBeGreaterThan(5);
    expect(seen).toHaveLength(before.length);
    expect(new Set(seen)).toEqual(new Set(before.map((row) => row.id)));
  });

  it("pages through every processing row exactly once while systems are added", async () => {
    const source = await sourceIn("plant_b", "memory");
    const before = await connection.sql<{ id: string }[]>`
      select id from plant_b.maintenance_agent_memory`;
    let inserted = 0;
    const seen = await pageThrough(connection, source, "system-processing", {
      pageSize: 2,
      between: async () => {
        inserted++;
        await connection.sql`insert into plant_b.maintenance_agent_memory (asset_uid)
                             values (gen_random_uuid())`;
      },
    });
    expect(inserted).toBe(2);
    expect(seen).toHaveLength(before.length);
    expect(new Set(seen)).toEqual(new Set(before.map((row) => row.id)));
  });
});

describe("maintenance-agent job records", () => {
  it("decodes a processing row with migration 001's retry columns", async () => {
    const source = await sourceIn("plant_b", "memory");
    const job = await getJobRecord(connection, source, ids.plantB.retryScheduled);
    expect(job).toMatchObject({
      sourceId: "memory",
      state: "scheduled",
      rawState: "failed",
      queue: "system-processing",
      type: "discovery",
      attempts: 2,
      error: "Pinecone timeout",
      startedAt: null,
      finishedAt: null,
    });
    expect(job?.runAfter?.getTime()).toBeGreaterThan(Date.now());
    expect(job?.heartbeatAt).toBeInstanceOf(Date);
    expect(job?.fields.asset_uid).toBe("5a000000-0000-4000-8000-000000000011");
    expect(await getTimeline(connection, source, ids.plantB.retryScheduled)).toEqual([]);
    expect(source.history).toBeUndefined();
  });

  it("decodes a rejected review task: its note is the reason, reviewed_at its finish", async () => {
    const source = await sourceIn("public", "review");
    const job = await getJobRecord(connection, source, ids.public.rejected);
    expect(job).toMatchObject({
      state: "cancelled",
      rawState: "rejected",
      queue: "review",
      type: "visual_inspection",
      error: "Not applicable to this model",
      payload: { doc_id: "doc-present", page_start: 2 },
      result: null,
      attempts: null,
    });
    expect(job?.finishedAt).toBeInstanceOf(Date);
    expect(job?.fields.reviewed_by).toBe("alice");
    expect(await getJobRecord(connection, source, "3'; drop table systems; --")).toBeNull();
  });
});
