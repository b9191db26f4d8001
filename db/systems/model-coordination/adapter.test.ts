import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { readSnapshot } from "../../catalog/read-snapshot";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import { queueActivity } from "../../jobs/queue-activity";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";
import { modelCoordinationAdapter } from "./adapter";
import {
  EXECUTIONS_027_DDL,
  executionId,
  FIXTURE_DDL,
  GENERATED_JOBS_SQL,
  jobId,
  LEGACY_DDL,
  loadInto,
} from "./test-support";

const SYSTEM = "model-coordination";
let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("model_coordination_adapter");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  const { sql } = connection;
  await sql.unsafe(FIXTURE_DDL);
  await loadInto(sql, "public", GENERATED_JOBS_SQL);
  await sql.unsafe(`
    insert into job_queue_log (job_id, job_type, event_type, models, blocked_by_job_id, conflict_reason, metadata, created_at) values
      ('${jobId(9)}', 'normal', 'completed', null, null, null, '{"status": "failed", "duration_s": 25}', now() - interval '8 minutes 30 seconds'),
      ('${jobId(9)}', 'normal', 'queued', '["motion-2.0-fast"]', null, null, '{"priority": 1, "source": "api"}', now() - interval '9 minutes'),
      ('${jobId(9)}', 'normal', 'blocked', '["motion-2.0-fast"]', '${jobId(2)}', 'Model motion-2.0-fast in use by job ${jobId(2)}', null, now() - interval '9 minutes' + interval '1 second'),
      ('${jobId(9)}', 'normal', 'started', '["motion-2.0-fast"]', null, null, '{"source": "job_worker_realtime"}', now() - interval '9 minutes' + interval '5 seconds'),
      ('${jobId(10)}', 'normal', 'queued', '["flux-dev"]', null, null, null, now() - interval '10 minutes');
  `);

  await loadInto(sql, "genai", FIXTURE_DDL + EXECUTIONS_027_DDL);
  await loadInto(sql, "genai", GENERATED_JOBS_SQL);
  await loadInto(
    sql,
    "genai",
    `update workflow_executions set blocked_by_job_id = '${jobId(2)}', current_step_model = 'motion-2.0-fast'
     where id = '${executionId(12)}'`,
  );

  await loadInto(sql, "legacy", LEGACY_DDL);
  await loadInto(
    sql,
    "legacy",
    `insert into jobs (job_id, status, prompt, job_type, created_at) values
       ('${jobId(1)}', 'pending', 'a', 'image', now() - interval '5 minutes'),
       ('${jobId(2)}', 'pending', 'b', 'image', now() - interval '4 minutes'),
       ('${jobId(3)}', 'queued', 'c', 'image', now() - interval '3 minutes'),
       ('${jobId(4)}', 'completed', 'd', 'video', now() - interval '2 minutes'),
       ('${jobId(5)}', 'running', 'e', 'workflow', now() - interval '1 minute');
     insert into workflow_executions (id, job_id, workflow_id, total_steps, status) values
       ('${executionId(5)}', '${jobId(5)}', 'speed-ramp-edit', 2, 'running');`,
  );

  // Look-alikes that are not this system: a lone jobs table, and another seed system's tables.
  await loadInto(
    sql,
    "jobs_only",
    "create table jobs (job_id uuid primary key, status text, job_type text, created_at timestamptz)",
  );
  await loadInto(
    sql,
    "artie",
    readSql(new URL("../coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const inspect = (schema = "public") =>
  discoverSystems(
    testTarget({ url: database.url }, { systems: { [SYSTEM]: { schema } } }),
    connection,
    [modelCoordinationAdapter],
  );

async function sourcesIn(schema: string) {
  const instance = instanceOf(await inspect(schema), SYSTEM);
  return {
    jobs: sourceOf(instance, "jobs"),
    executions: sourceOf(instance, "workflow_executions"),
  };
}

describe("model-coordination adapter: detection", () => {
  it("is detected by jobs, the coordinator slot and the log, and says what 027 left out", async () => {
    const { detection } = instanceOf(await inspect(), SYSTEM);
    expect(detection.schema).toBe("public");
    expect(detection.because).toEqual([
      "public.jobs: job_id, status (CHECK list: pending, running, completed, failed, cancelled, pending_retry), job_type, created_at, model, started_at, completed_at, error_message, metadata, required_models, queue_position, blocked_by_job_id, conflict_reason, queued_at",
      "public.workflow_executions: id, job_id, workflow_id, status (CHECK list: pending, running, completed, failed, pending_retry), current_step, total_steps, created_at, checkpoints, error_info, retry_count",
      "public.job_queue_state: id, active_job_id, active_job_type, started_at (the coordinator's single slot)",
      "public.job_queue_log: job_id, event_type, created_at, blocked_by_job_id, conflict_reason (coordinator events)",
    ]);
    expect(detection.missing).toEqual([
      "workflow_executions.required_models, current_step_model, blocked_by_job_id (migration 027): the execution page cannot show them; executions are never shown as blocked",
    ]);
    expect(Object.keys(detection.tables).sort()).toEqual([
      "job_queue_log",
      "job_queue_state",
      "jobs",
      "workflow_executions",
    ]);
  });

  it("is detected under another schema name, with 027 applied in full and nothing missing", async () => {
    const { detection } = instanceOf(await inspect("genai"), SYSTEM);
    expect(detection.schema).toBe("genai");
    expect(detection.because[0]).toMatch(/^genai\.jobs: job_id, status \(CHECK list: /);
    expect(detection.because[1]).toMatch(/current_step_model, blocked_by_job_id$/);
    expect(detection.missing).toEqual([]);
  });

  it("detects a database before 027 by jobs and workflow_executions, listing what it lacks", async () => {
    const instance = instanceOf(await inspect("legacy"), SYSTEM);
    expect(instance.detection.because[0]).toBe(
      "legacy.jobs: job_id, status (text), job_type, created_at, model, started_at, completed_at, error_message, metadata",
    );
    expect(instance.detection.missing).toEqual([
      "jobs.blocked_by_job_id (migration 027): pending jobs are never shown as blocked, and no blocker is named",
      "jobs.required_models, queue_position, conflict_reason, queued_at (migration 027): the job page cannot show them",
      "workflow_executions.required_models, current_step_model, blocked_by_job_id (migration 027): the execution page cannot show them; executions are never shown as blocked",
      "job_queue_state not found (migration 027): cannot say which job holds the coordinator slot",
      "job_queue_log not found (migration 027): no job timeline",
    ]);
    const jobs = sourceOf(instance, "jobs");
    expect(jobs.states.refinements).toEqual([]);
    expect(jobs.history).toBeUndefined();
    expect(jobs.declaredStates).toBeUndefined();
  });

  it("does not mistake a lone jobs table or another system's tables for this system", async () => {
    const catalog = await readSnapshot(connection);
    expect(modelCoordinationAdapter.detect(catalog, { schema: "jobs_only" })).toEqual({
      found: false,
      reason:
        "jobs_only.jobs has no coordination signature: no job_queue_state (active_job_id), no jobs.blocked_by_job_id, and no workflow_executions beside it",
    });
    expect(modelCoordinationAdapter.detect(catalog, { schema: "artie" })).toEqual({
      found: false,
      reason: "no table named jobs in schema artie",
    });
    const lookAlikeFirst = modelCoordinationAdapter.detect(
      { ...catalog, tables: catalog.tables.filter((table) => table.schema !== "genai") },
      {},
    );
    // Searching every schema skips the look-alike in "jobs_only" for a real one.
    expect(lookAlikeFirst.found && lookAlikeFirst.detection.schema).toBe("legacy");
  });

  it("finds a missing coordination table by name when it lacks the needed columns", async () => {
    const catalog = await readSnapshot(connection);
    const tables = catalog.tables.map((table) =>
      table.schema === "public" && table.name === "job_queue_state"
        ? { ...table, columns: new Map([...table.columns].filter(([name]) => name === "id")) }
        : table,
    );
    const found = modelCoordinationAdapter.detect({ ...catalog, tables }, { schema: "public" });
    expect(found.found && found.detection.missing).toContain(
      "job_queue_state lacks active_job_id (migration 027): cannot say which job holds the coordinator slot",
    );
  });
});

describe("model-coordination adapter: states and queues", () => {
  it("splits jobs into one queue per job_type, and executions into one queue", async () => {
    const { jobs, executions } = await sourcesIn("public");
    expect(await listQueues(connection, jobs)).toEqual(["image", "video", "workflow"]);
    expect(await listQueues(connection, executions)).toEqual(["workflow_executions"]);
  });

  it("counts jobs exactly per canonical state, blocked apart from waiting", async () => {
    const { jobs } = await sourcesIn("public");
    const counts = await countStates(connection, jobs, ["image", "video", "workflow"]);
    const truth = await connection.sql<{ job_type: string; state: string; n: number }[]>`
      select job_type,
             case when status = 'pending' and blocked_by_job_id is not null then 'blocked'
                  when status = 'pending' then 'waiting'
                  when status = 'running' then 'running'
                  when status = 'completed' then 'succeeded'
                  when status = 'failed' then 'failed'
                  when status = 'cancelled' then 'cancelled'
                  when status = 'pending_retry' then 'scheduled'
             end as state,
             count(*)::int as n
      from jobs group by 1, 2`;
    for (const queue of ["image", "video", "workflow"]) {
      const expected = Object.fromEntries(
        ["waiting", "scheduled", "running", "blocked", "failed", "succeeded", "cancelled"].map(
          (state) => [
            state,
            truth.find((row) => row.job_type === queue && row.state === state)?.n ?? 0,
          ],
        ),
      );
      expect(counts.get(queue)?.counts).toEqual({ ...expected, skipped: 0, unknown: 0 });
      expect(counts.get(queue)?.exact).toBe(true);
    }
    // 72 jobs, 12 per status: 6 pending are blocked (n % 12 = 0), two per queue.
    expect(counts.get("image")?.counts).toMatchObject({ waiting: 2, blocked: 2, scheduled: 4 });
    expect(counts.get("video")?.buckets.find((bucket) => bucket.state === "blocked")).toMatchObject(
      { raw: "pending", count: 2, because: "pending with blocked_by_job_id set" },
    );
  });

  it("maps every raw state, and a pending job is blocked only while it names a blocker", async () => {
    const { jobs } = await sourcesIn("public");
    const all = await listJobs(connection, jobs, "video", {}, null, 100);
    const byId = new Map(all.jobs.map((job) => [job.id, job]));
    expect(all.jobs).toHaveLength(24);
    expect(byId.get(jobId(6))).toMatchObject({ rawState: "pending", state: "waiting" });
    expect(byId.get(jobId(24))).toMatchObject({ rawState: "pending", state: "blocked" });
    expect(byId.get(jobId(7))).toMatchObject({ rawState: "running", state: "running" });
    expect(byId.get(jobId(8))).toMatchObject({ rawState: "completed", state: "succeeded" });
    expect(byId.get(jobId(9))).toMatchObject({ rawState: "failed", state: "failed" });
    expect(byId.get(jobId(10))).toMatchObject({ rawState: "cancelled", state: "cancelled" });
    expect(byId.get(jobId(11))).toMatchObject({ rawState: "pending_retry", state: "scheduled" });
    const blocked = await listJobs(connection, jobs, "video", { state: "blocked" }, null, 100);
    expect(blocked.jobs.map((job) => job.id).sort()).toEqual([jobId(24), jobId(60)]);
    const waiting = await listJobs(connection, jobs, "video", { state: "waiting" }, null, 100);
    expect(waiting.jobs.map((job) => job.id).sort()).toEqual([jobId(42), jobId(6)].sort());
  });

  it("maps execution states, with blocked executions only where 027 added the column", async () => {
    const publicSources = await sourcesIn("public");
    const genai = await sourcesIn("genai");
    expect(publicSources.executions.states.refinements).toEqual([]);
    const truth = await connection.sql<
      { schema: string; status: string; blocked: boolean; n: number }[]
    >`
      select 'public' as schema, status, false as blocked, count(*)::int as n
      from public.workflow_executions group by status
      union all
      select 'genai', status, blocked_by_job_id is not null, count(*)::int
      from genai.workflow_executions group by 2, 3`;
    const n = (schema: string, status: string, blocked?: boolean) =>
      truth
        .filter(
          (row) =>
            row.schema === schema &&
            row.status === status &&
            (blocked === undefined || row.blocked === blocked),
        )
        .reduce((sum, row) => sum + row.n, 0);
    const expected = (schema: string, blocked: number) => ({
      waiting: n(schema, "pending") - blocked,
      blocked,
      scheduled: n(schema, "pending_retry"),
      running: n(schema, "running"),
      succeeded: n(schema, "completed"),
      failed: n(schema, "failed"),
      cancelled: 0,
      skipped: 0,
      unknown: 0,
    });
    const queue = ["workflow_executions"];
    const publicCounts = (await countStates(connection, publicSources.executions, queue)).get(
      "workflow_executions",
    );
    expect(publicCounts?.counts).toEqual(expected("public", 0));
    const genaiCounts = (await countStates(connection, genai.executions, queue)).get(
      "workflow_executions",
    );
    expect(genaiCounts?.counts).toEqual(expected("genai", n("genai", "pending", true)));
    expect(genaiCounts?.counts.blocked).toBe(1);
    const blocked = await listJobs(
      connection,
      genai.executions,
      "workflow_executions",
      { state: "blocked" },
      null,
      10,
    );
    expect(blocked.jobs).toMatchObject([
      {
        id: executionId(12),
        rawState: "pending",
        state: "blocked",
        type: "knight-style-img-to-video",
      },
    ]);
  });

  it("counts an undocumented raw state as unknown and lists it with its raw value", async () => {
    const instance = instanceOf(await inspect("legacy"), SYSTEM);
    const jobs = sourceOf(instance, "jobs");
    const image = (await countStates(connection, jobs, ["image"])).get("image");
    expect(image?.counts).toMatchObject({ waiting: 2, blocked: 0, unknown: 1 });
    expect(image?.buckets.find((bucket) => bucket.state === "unknown")).toMatchObject({
      raw: null,
      count: 1,
    });
    const odd = await listJobs(connection, jobs, "image", { state: "unknown" }, null, 10);
    expect(odd.jobs).toMatchObject([{ id: jobId(3), rawState: "queued", state: "unknown" }]);
  });

  it("reports waiting age and the last hour's finished jobs; executions have no throughput", async () => {
    const { jobs, executions } = await sourcesIn("public");
    const activity = (await queueActivity(connection, jobs)).get("image");
    const [truth] = await connection.sql<{ age: number; finished: number; failed: number }[]>`
      select extract(epoch from now() - min(created_at) filter (
               where status = 'pending' and blocked_by_job_id is null))::float8 as age,
             count(*) filter (where completed_at >= now() - interval '1 hour'
                              and status in ('completed', 'failed', 'cancelled'))::int as finished,
             count(*) filter (where completed_at >= now() - interval '1 hour' and status = 'failed')::int as failed
      from jobs where job_type = 'image'`;
    expect(activity?.oldestWaitingSeconds).toBeCloseTo(truth?.age ?? -1, 0);
    expect(activity?.finishedLastHour).toBe(truth?.finished);
    expect(activity?.failedLastHour).toBe(truth?.failed);
    expect(truth?.finished).toBeGreaterThan(0);
    const idle = (await queueActivity(connection, executions)).get("workflow_executions");
    expect(idle?.throughput).toBeNull();
    expect(executions.notes?.finishedAt).toMatch(/no completed_at/);
  });
});

describe("model-coordination adapter: paging and records", () => {
  it("pages by keyset through every job exactly once while new jobs arrive", async () => {
    const { jobs } = await sourcesIn("public");
    const before = await connection.sql<{ id: string }[]>`
      select job_id::text as id from jobs where job_type = 'image'`;
    let inserted = 0;
    const seen = await pageThrough(connection, jobs, "image", {
      pageSize: 5,
      between: async () => {
        inserted++;
        await connection.sql`
          insert into jobs (user_id, prompt, job_type)
          select id, 'late arrival', 'image' from users limit 1`;
      },
    });
    expect(inserted).toBeGreaterThan(3);
    expect(seen).toHaveLength(before.length);
    expect(new Set(seen)).toEqual(new Set(before.map((row) => row.id)));
  });

  it("reads a job with its roles decoded, and its coordinator events in order", async () => {
    const { jobs } = await sourcesIn("public");
    const job = await getJobRecord(connection, jobs, jobId(9));
    expect(job).toMatchObject({
      sourceId: "jobs",
      id: jobId(9),
      state: "failed",
      rawState: "failed",
      queue: "video",
      type: "motion-2.0-fast",
      error: "Generation timed out after 300s waiting for motion-2.0-fast",
      payload: { n: 9, priority: 1 },
      result: null,
      attempts: null,
    });
    expect(job?.finishedAt?.getTime()).toBeGreaterThan(job?.startedAt?.getTime() ?? Infinity);
    expect(job?.fields.prompt).toBe("prompt 9");
    expect(await getJobRecord(connection, jobs, "9'; drop table jobs; --")).toBeNull();

    const timeline = await getTimeline(connection, jobs, jobId(9));
    expect(timeline.map((entry) => entry.event)).toEqual([
      "queued",
      "blocked",
      "started",
      "completed",
    ]);
    expect(timeline[1]?.details).toEqual({
      blocked_by_job_id: jobId(2),
      conflict_reason: `Model motion-2.0-fast in use by job ${jobId(2)}`,
      models: ["motion-2.0-fast"],
      metadata: null,
    });
    expect(timeline[3]?.details.metadata).toEqual({ status: "failed", duration_s: 25 });
    expect(timeline[0]?.at).toBeInstanceOf(Date);
  });

  it("reads an execution with its error_info as JSON text and its checkpoints as payload", async () => {
    const { executions } = await sourcesIn("public");
    const execution = await getJobRecord(connection, executions, executionId(15));
    expect(execution).toMatchObject({
      sourceId: "workflow_executions",
      state: "failed",
      queue: "workflow_executions",
      type: "knight-style-img-to-video",
      attempts: 0,
      payload: { "0": { status: "completed", model: "nano-banana-pro-leonardo" } },
      finishedAt: null,
    });
    expect(JSON.parse(execution?.error ?? "null")).toEqual({
      error_type: "quota_exceeded",
      message: "Quota exceeded for model (429 Too Many Requests)",
      step: 1,
      model: "motion-2.0-fast",
    });
  });
});
