import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import { queueActivity } from "../../jobs/queue-activity";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import type { JobExplanation } from "../adapter";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";
import { marieAdapter } from "./adapter";
import {
  DAG_BULK,
  DAG_LIVE,
  dependencyEdges,
  INTEGER_STATE_LOOKALIKE,
  id,
  lifecycleOfJob1,
  MISSING_UPSTREAM,
  MISSING_UPSTREAM_2,
  PG_BOSS_LOOKALIKE,
  TEXT_STATE_INSTALL,
  testData,
} from "./test-data";

const FIXTURE = new URL("./fixture/", import.meta.url).href;
const SCHEMA = "sched_custom";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("marie_adapter");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  const { sql } = connection;
  await sql.unsafe(readSql(FIXTURE, "schema.sql", SCHEMA));
  // A deployment whose enum gained a label Marie does not document (committed before use).
  await sql.unsafe(`alter type ${SCHEMA}.job_state add value 'paused'`);
  await sql.unsafe(testData(SCHEMA));
  for (const statement of lifecycleOfJob1(SCHEMA)) await sql.unsafe(statement);
  await sql.unsafe(dependencyEdges(SCHEMA));
  await sql.unsafe(`insert into ${SCHEMA}.job (id, name, state, dag_id)
    values ('${id(12)}', 'extract', 'paused', '${DAG_LIVE}')`);
  // Neighbours that must not be taken for Marie: Coach Artie's queue, a pg-boss job table,
  // an integer-state job table, and a drifted second Marie install (text state).
  await sql.unsafe(readSql(new URL("../coach-artie/fixture/", import.meta.url).href, "schema.sql"));
  await sql.unsafe(PG_BOSS_LOOKALIKE);
  await sql.unsafe(INTEGER_STATE_LOOKALIKE);
  await sql.unsafe(TEXT_STATE_INSTALL);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

const inspect = (schema?: string) =>
  discoverSystems(
    testTarget({ url: database.url }, schema ? { systems: { marie: { schema } } } : {}),
    connection,
    [marieAdapter],
  );

const jobSource = async (schema?: string) =>
  sourceOf(instanceOf(await inspect(schema), "marie"), "job");

describe("marie detection", () => {
  it("finds the install under a renamed schema, says why, and names the other install", async () => {
    const { detection } = instanceOf(await inspect(), "marie");
    expect(detection.schema).toBe(SCHEMA);
    expect(detection.because).toEqual([
      `${SCHEMA}.job: id, name, state (enum ${SCHEMA}.job_state: created, retry, active, completed, expired, cancelled, failed, paused), start_after, created_on, retry_count, retry_limit, started_on, completed_on, data, output, dag_id, job_level, lease_owner, lease_expires_at, run_owner, run_lease_expires_at (partitioned, one partition per queue)`,
      `${SCHEMA}.dag: id, name, state`,
      `${SCHEMA}.job_dependencies: job_name, job_id, depends_on_name, depends_on_id`,
      `${SCHEMA}.job_history: id, state (enum ${SCHEMA}.job_state: created, retry, active, completed, expired, cancelled, failed, paused), history_created_on`,
      `${SCHEMA}.queue: name, partition_name`,
    ]);
    expect(detection.missing).toEqual([
      "another install in schema sched_text is not shown: set systems.marie.schema to inspect it",
    ]);
  });

  it("detects a drifted install with a text state, listing what its absent parts turn off", async () => {
    const { detection } = instanceOf(await inspect("sched_text"), "marie");
    expect(detection.because).toEqual([
      "sched_text.job: id, name, state (text), start_after, created_on, retry_count, retry_limit, data, output, dag_id",
      "sched_text.dag: id, name, state",
    ]);
    expect(detection.missing).toEqual([
      "job.started_on not found: no start times",
      "job.completed_on not found: no finish times, so no throughput",
      "job.lease_owner, job.lease_expires_at not found: no acquisition lease on the job page",
      "job.run_owner, job.run_lease_expires_at not found: no run lease on the job page",
      "job.job_level not found: no DAG position on the job page",
      "job_history not found: no job timeline",
      "job_dependencies not found: no blocked state, no dependencies or dependents on the job page",
    ]);
  });

  it("does not take a pg-boss job table, an integer state, or a missing schema for Marie", async () => {
    const reasonIn = async (schema: string) =>
      (await inspect(schema)).absent.find((absent) => absent.system === "marie")?.reason;
    expect(await reasonIn("pgboss")).toBe(
      "pgboss.job has no dag or job_dependencies (job_id, depends_on_id) table beside it",
    );
    expect(await reasonIn("int_jobs")).toBe(
      "int_jobs.job.state is integer, not the job_state enum or text",
    );
    expect(await reasonIn("public")).toBe("no table named job in schema public");
  });
});

describe("marie jobs", () => {
  it("lists one queue per partition key value that has jobs", async () => {
    expect(await listQueues(connection, await jobSource())).toEqual([
      "classify",
      "extract",
      "notify",
    ]);
  });

  it("counts exactly per canonical state, with refinements, matching SQL written here", async () => {
    const source = await jobSource();
    const counts = await countStates(connection, source, ["extract", "classify", "notify"]);
    const truth = await connection.sql<{ queue: string; state: string; n: number }[]>`
      select j.name as queue, case
          when j.state in ('created', 'retry') and j.start_after > now() then 'scheduled'
          when j.state in ('created', 'retry') and exists (
            select 1 from sched_custom.job_dependencies d
            join sched_custom.job u on u.name = d.depends_on_name and u.id = d.depends_on_id
            where d.job_name = j.name and d.job_id = j.id and u.state <> 'completed') then 'blocked'
          when j.state in ('created', 'retry') then 'waiting'
          when j.state = 'active' then 'running'
          when j.state = 'completed' then 'succeeded'
          when j.state in ('failed', 'expired') then 'failed'
          when j.state = 'cancelled' then 'cancelled'
          else 'unknown' end as state,
        count(*)::int as n
      from sched_custom.job j group by 1, 2`;
    const zero = {
      waiting: 0,
      scheduled: 0,
      running: 0,
      blocked: 0,
      failed: 0,
      succeeded: 0,
      cancelled: 0,
      skipped: 0,
      unknown: 0,
    };
    const fromSql = (queue: string) => ({
      ...zero,
      ...Object.fromEntries(truth.filter((r) => r.queue === queue).map((r) => [r.state, r.n])),
    });
    const expected = {
      extract: { ...zero, waiting: 1, scheduled: 2, running: 2, succeeded: 1, unknown: 1 },
      classify: { ...zero, waiting: 3, scheduled: 1, blocked: 1, failed: 2 },
      notify: { ...zero, blocked: 1, cancelled: 1, succeeded: 30 },
    };
    for (const [queue, want] of Object.entries(expected)) {
      expect(counts.get(queue)?.exact).toBe(true);
      expect(counts.get(queue)?.counts, queue).toEqual(want);
      expect(fromSql(queue), queue).toEqual(want);
    }
    const blocked = counts.get("classify")?.buckets.find((bucket) => bucket.state === "blocked");
    expect(blocked).toMatchObject({ raw: "created", count: 1 });
    expect(blocked?.because).toMatch(/^waiting on dependencies/);
  });

  it("maps every raw state and refinement row by row, keeping an unknown raw state", async () => {
    const source = await jobSource();
    const states = new Map<string, [string, string | null]>();
    for (const queue of ["extract", "classify", "notify"]) {
      const page = await listJobs(connection, source, queue, {}, null, 100);
      for (const job of page.jobs) states.set(job.id, [job.state, job.rawState]);
    }
    expect(
      Object.fromEntries(
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((n) => [n, states.get(id(n))]),
      ),
    ).toEqual({
      1: ["succeeded", "completed"],
      2: ["waiting", "created"], // its one dependency completed
      3: ["running", "active"],
      4: ["blocked", "created"], // depends on active job 3
      5: ["scheduled", "created"], // start_after in an hour
      6: ["scheduled", "retry"], // retry due in 5 minutes
      7: ["waiting", "retry"], // retry due 3 hours ago
      8: ["scheduled", "created"], // not due yet, though job 3 is still active
      9: ["failed", "failed"],
      10: ["failed", "expired"],
      11: ["cancelled", "cancelled"],
      12: ["unknown", "paused"],
      13: ["blocked", "retry"], // depends on cancelled job 11
      14: ["waiting", "created"], // its listed upstream has no row: the scheduler runs it
      15: ["running", "active"],
      16: ["waiting", "created"],
    });
    const blocked = await listJobs(connection, source, "classify", { state: "blocked" }, null, 10);
    expect(blocked.jobs.map((job) => job.id)).toEqual([id(4)]);
    const paused = await listJobs(connection, source, "extract", { rawState: "paused" }, null, 10);
    expect(paused.jobs).toMatchObject([{ id: id(12), state: "unknown", rawState: "paused" }]);
  });

  it("reports the oldest ready waiting job, ignoring scheduled and blocked ones", async () => {
    const activity = (await queueActivity(connection, await jobSource())).get("extract");
    // Job 7 is the only waiting extract job: due (start_after) 3 hours ago.
    expect(activity?.oldestWaitingSeconds).toBeGreaterThan(3 * 3600 - 5);
    expect(activity?.oldestWaitingSeconds).toBeLessThan(3 * 3600 + 60);
    expect(activity?.finishedLastHour).toBe(1);
  });

  it("pages by keyset through every job exactly once while new jobs arrive", async () => {
    const source = await jobSource();
    const before = await connection.sql<{ id: string }[]>`
      select id::text as id from sched_custom.job where name = 'notify'`;
    let inserted = 0;
    const seen = await pageThrough(connection, source, "notify", {
      pageSize: 4,
      between: async () => {
        inserted++;
        await connection.sql`insert into sched_custom.job (name, dag_id) values ('notify', ${DAG_BULK})`;
      },
    });
    expect(inserted).toBeGreaterThan(5);
    expect(seen.length).toBe(before.length);
    expect(new Set(seen)).toEqual(new Set(before.map((row) => row.id)));
  });

  it("reads a job with its roles decoded and its history from job_history", async () => {
    const source = await jobSource();
    const job = await getJobRecord(connection, source, id(6));
    expect(job).toMatchObject({
      state: "scheduled",
      rawState: "retry",
      queue: "extract",
      attempts: 1,
      maxAttempts: 2,
      error: null,
      payload: { doc: 6 },
      result: { error: "torch.OutOfMemoryError: CUDA out of memory" },
    });
    expect(job?.runAfter?.getTime()).toBeGreaterThan(Date.now());
    const leased = await getJobRecord(connection, source, id(3));
    expect(leased?.leaseOwner).toBe("worker-7@gpu-node-3");
    expect(leased?.leaseExpiresAt?.getTime()).toBeLessThan(Date.now());
    expect(await getJobRecord(connection, source, "not-a-uuid")).toBeNull();

    const timeline = await getTimeline(connection, source, id(1));
    expect(timeline.map((entry) => entry.state)).toEqual(["created", "active", "completed"]);
    expect(timeline[2]?.details).toMatchObject({
      retry_count: 0,
      output: { status: "succeeded", pages: 3 },
    });
    expect(timeline[2]?.details.completed_on).toBeInstanceOf(Date);
  });
});

describe("marie explanation", () => {
  const explain = async (n: number): Promise<JobExplanation> => {
    const instance = instanceOf(await inspect(), "marie");
    const job = await getJobRecord(connection, sourceOf(instance, "job"), id(n));
    if (!job) throw new Error(`job ${n} not found`);
    return (
      marieAdapter.explain?.(connection, instance.detection, job) ?? { facts: [], related: [] }
    );
  };
  const fact = (explanation: JobExplanation, label: string) =>
    explanation.facts.find((entry) => entry.label === label);

  it("flags an expired lease of an active job, keeps the live run lease neutral, and lists dependents", async () => {
    const explanation = await explain(3);
    expect(fact(explanation, "Lease")).toMatchObject({ tone: "danger" });
    expect(fact(explanation, "Lease")?.value).toMatch(/^worker-7@gpu-node-3, expired 2 min ago \(/);
    expect(fact(explanation, "Run lease")).toMatchObject({ tone: "neutral" });
    expect(fact(explanation, "Run lease")?.value).toMatch(
      /^worker-7@gpu-node-3, expires in (2|3) min/,
    );
    expect(fact(explanation, "Expire in")).toMatchObject({ tone: "neutral" });
    expect(fact(explanation, "DAG")?.value).toBe(`extract-CLM-1 (active), ${DAG_LIVE}`);
    expect(fact(explanation, "Job level")?.value).toBe("0");
    expect(explanation.related).toEqual([
      { relation: "dependent", jobId: id(4), recordedId: id(4), state: "created", sourceId: "job" },
      { relation: "dependent", jobId: id(8), recordedId: id(8), state: "created", sourceId: "job" },
    ]);
  });

  it("lists the dependencies a blocked job waits for, including one whose row is gone", async () => {
    const explanation = await explain(4);
    expect(explanation.related).toEqual([
      { relation: "depends on", jobId: id(3), recordedId: id(3), state: "active", sourceId: "job" },
      { relation: "depends on", jobId: null, recordedId: MISSING_UPSTREAM, sourceId: "job" },
    ]);
    // Blocked, so being past start_after is not "overdue".
    expect(fact(explanation, "Start after")).toMatchObject({ tone: "neutral" });
    expect(fact(explanation, "Start after")?.value).toMatch(/^due since 4 min ago/);
    expect(fact(explanation, "Retries")?.value).toBe("0 of 2");
    const listedOnly = await explain(14);
    expect(listedOnly.related).toEqual([
      { relation: "depends on", jobId: null, recordedId: MISSING_UPSTREAM_2, sourceId: "job" },
    ]);
  });

  it("says when a ready job is overdue, and shows the recorded error", async () => {
    const explanation = await explain(7);
    expect(fact(explanation, "Start after")).toMatchObject({ tone: "warning" });
    expect(fact(explanation, "Start after")?.value).toMatch(/^overdue: due since 3 h ago/);
    expect(fact(explanation, "Error")).toEqual({
      label: "Error",
      value: "TimeoutError: extract_executor did not answer",
      tone: "danger",
    });
    const scheduled = await explain(6);
    expect(fact(scheduled, "Start after")?.value).toMatch(/^not due for (4|5) min/);
    expect(fact(scheduled, "Retries")?.value).toBe("1 of 2");
  });

  it("explains exhausted retries, a timeout, an overrun of expire_in, and a finished DAG", async () => {
    expect(fact(await explain(9), "Retries")).toMatchObject({
      value: "2 of 2 (no retries left)",
      tone: "warning",
    });
    expect(fact(await explain(10), "Timeout")).toMatchObject({
      value: "job failed by timeout in active state",
      tone: "danger",
    });
    const overrun = fact(await explain(15), "Expire in");
    expect(overrun?.tone).toBe("warning");
    expect(overrun?.value).toMatch(/^15 min: running 2 h 4\d min past it/);
    const stranded = fact(await explain(16), "DAG");
    expect(stranded?.tone).toBe("warning");
    expect(stranded?.value).toMatch(
      /^extract-CLM-2 \(failed\), .*does not pick jobs of a finished DAG$/,
    );
  });

  it("explains a job of the drifted install with what it has", async () => {
    const instance = instanceOf(await inspect("sched_text"), "marie");
    const source = sourceOf(instance, "job");
    const counts = (await countStates(connection, source, ["ocr"])).get("ocr")?.counts;
    expect(counts).toMatchObject({ waiting: 1, scheduled: 1, running: 1, unknown: 1, blocked: 0 });
    const job = await getJobRecord(connection, source, id(203));
    if (!job) throw new Error("job 203 not found");
    const explanation = await marieAdapter.explain?.(connection, instance.detection, job);
    expect(explanation?.facts.map((entry) => entry.label)).toEqual(["Retries", "DAG"]);
    expect(explanation?.related).toEqual([]);
    expect(await getTimeline(connection, source, id(203))).toEqual([]);
  });
});
