import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type StuckCode } from "@/lib/stuck/stuck-codes";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import type { JobSource } from "../../jobs/job-source";
import { findStuck, rulesOf, type StuckJob, stuckReasonsOf } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { modelCoordinationAdapter } from "./adapter";
import { modelCoordinationFixture } from "./fixture";
import { STUCK_CASES } from "./fixture/stuck-cases";
import {
  EXECUTIONS_027_DDL,
  FIXTURE_DDL,
  jobSql,
  loadInto,
  testId,
  USER_SQL,
} from "./test-support";

const SYSTEM = "model-coordination";
const MISSING = "30000000-0000-4000-8000-00000000dead";
const QUEUES = ["image", "video", "workflow"];
const defaults = (code: StuckCode) => DEFAULT_THRESHOLDS[code];

let database: TestDatabase;
let connection: PostgresConnection;

async function sourcesIn(url: string, schema: string, on = connection) {
  const systems = await discoverSystems(
    testTarget({ url }, { systems: { [SYSTEM]: { schema } } }),
    on,
    [modelCoordinationAdapter],
  );
  const instance = instanceOf(systems, SYSTEM);
  return {
    jobs: sourceOf(instance, "jobs"),
    executions: sourceOf(instance, "workflow_executions"),
  };
}

const ofCode = (found: StuckJob[], code: StuckCode) =>
  found.filter((job) => job.code === code).map((job) => [job.jobId, job.explanation]);

beforeAll(async () => {
  database = await createTestDatabase("model_coordination_stuck");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 3 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

describe("model-coordination stuck rules", () => {
  let jobs: JobSource;
  let executions: JobSource;
  const n = testId;

  beforeAll(async () => {
    await connection.sql.unsafe(FIXTURE_DDL);
    await connection.sql.unsafe(USER_SQL);
    await connection.sql.unsafe(`
      -- blockers
      ${jobSql(n(1), "completed", { started_at: "now() - interval '50 minutes'", completed_at: "now() - interval '40 minutes'" })}
      ${jobSql(n(2), "running", { started_at: "now() - interval '2 minutes'" })}
      ${jobSql(n(3), "completed", { completed_at: "now() - interval '2 minutes'" })}
      ${jobSql(n(4), "cancelled", { updated_at: "now() - interval '3 hours'" })}
      insert into workflow_executions (id, workflow_id, total_steps, status, created_at, updated_at) values
        ('${n(5)}', 'knight-style-img-to-video', 2, 'failed', now() - interval '3 hours', now() - interval '2 hours'),
        ('${n(6)}', 'knight-style-img-to-video', 2, 'running', now() - interval '3 hours', now() - interval '1 minute'),
        ('${n(7)}', 'knight-style-img-to-video', 2, 'running', now() - interval '3 hours', now() - interval '40 minutes');
      -- blocked by a finished job: tripped (queued before it finished, and after) and healthy twins
      ${jobSql(n(11), "pending", { blocked_by_job_id: `'${n(1)}'`, queued_at: "now() - interval '50 minutes'" })}
      ${jobSql(n(12), "pending", { blocked_by_job_id: `'${n(1)}'`, queued_at: "now() - interval '10 minutes'" })}
      ${jobSql(n(13), "pending", { blocked_by_job_id: `'${n(2)}'`, queued_at: "now() - interval '50 minutes'" })}
      ${jobSql(n(14), "pending", { blocked_by_job_id: `'${n(3)}'`, queued_at: "now() - interval '50 minutes'" })}
      ${jobSql(n(15), "pending", { blocked_by_job_id: `'${n(4)}'`, queued_at: "now() - interval '4 hours'" })}
      ${jobSql(n(16), "pending", { blocked_by_job_id: `'${n(5)}'`, queued_at: "now() - interval '4 hours'" })}
      ${jobSql(n(17), "pending", { blocked_by_job_id: `'${n(6)}'`, queued_at: "now() - interval '4 hours'" })}
      -- blocked by nothing that exists: tripped, and a twin queued 2 minutes ago
      ${jobSql(n(21), "pending", { blocked_by_job_id: `'${MISSING}'`, queued_at: "now() - interval '7 hours'", created_at: "now() - interval '7 hours'" })}
      ${jobSql(n(22), "pending", { blocked_by_job_id: "'workflow_123'", created_at: "now() - interval '3 hours'" })}
      ${jobSql(n(23), "pending", { blocked_by_job_id: `'${MISSING}'`, queued_at: "now() - interval '2 minutes'" })}
      -- waiting: since queued_at (a retried job keeps its old created_at)
      ${jobSql(n(31), "pending", { created_at: "now() - interval '20 minutes'", queued_at: "now() - interval '20 minutes'" })}
      ${jobSql(n(32), "pending", { created_at: "now() - interval '3 hours'", queued_at: "now() - interval '1 minute'" })}
      ${jobSql(n(33), "pending", { created_at: "now() - interval '25 minutes'" })}
      -- running: from started_at
      ${jobSql(n(41), "running", { job_type: "'video'", created_at: "now() - interval '6 hours'", started_at: "now() - interval '5 hours'" })}
      ${jobSql(n(42), "running", { job_type: "'video'", created_at: "now() - interval '6 hours'", started_at: "now() - interval '10 minutes'" })}
    `);
    ({ jobs, executions } = await sourcesIn(database.url, "public"));
  });

  it("blocked_by_finished: a blocker that completed, failed or was cancelled, past the threshold since it finished", async () => {
    const found = await findStuck(connection, jobs, QUEUES, defaults);
    expect(ofCode(found.jobs, "blocked_by_finished")).toEqual([
      [
        n(15),
        `blocked by job ${n(4)}, which was cancelled 3 h ago; waiting on a finished job for 3 h (threshold 5 min)`,
      ],
      [
        n(16),
        `blocked by workflow execution ${n(5)}, which failed 2 h ago; waiting on a finished job for 2 h (threshold 5 min)`,
      ],
      [
        n(11),
        `blocked by job ${n(1)}, which completed 40 min ago; waiting on a finished job for 40 min (threshold 5 min)`,
      ],
      [
        n(12),
        `blocked by job ${n(1)}, which completed 40 min ago; waiting on a finished job for 10 min (threshold 5 min)`,
      ],
    ]);
    const job = found.jobs.find((candidate) => candidate.jobId === n(11));
    expect(job).toMatchObject({
      queue: "image",
      rawState: "pending",
      thresholdSeconds: 300,
      suggestedAction: "unblock",
    });
    expect(Math.round((job?.ageSeconds ?? 0) / 60)).toBe(40);
  });

  it("blocked_by_missing: a blocker no job or execution has, past the threshold since queued", async () => {
    const found = await findStuck(connection, jobs, QUEUES, defaults);
    expect(ofCode(found.jobs, "blocked_by_missing")).toEqual([
      [
        n(21),
        `blocked by ${MISSING}, which is no job or workflow execution here; waiting on it for 7 h (threshold 5 min): nothing will release it`,
      ],
      [
        n(22),
        "blocked by workflow_123, which is no job or workflow execution here; waiting on it for 3 h (threshold 5 min): nothing will release it",
      ],
    ]);
    expect(found.jobs.find((job) => job.jobId === n(21))?.suggestedAction).toBe("unblock");
  });

  it("waiting_too_long counts waiting jobs from queued_at, and never a blocked one", async () => {
    const found = await findStuck(connection, jobs, QUEUES, defaults);
    expect(ofCode(found.jobs, "waiting_too_long")).toEqual([
      [n(33), "ready for 25 min and not picked up; threshold 15 min"],
      [n(31), "ready for 20 min and not picked up; threshold 15 min"],
    ]);
    expect(found.counts).toContainEqual({
      queue: "image",
      code: "waiting_too_long",
      count: 2,
      exact: true,
    });
    // Jobs' own rule replaces the role rule of the same code.
    expect(
      rulesOf(connection, jobs).filter((rule) => rule.code === "waiting_too_long"),
    ).toHaveLength(1);
  });

  it("running_too_long (role rule) measures jobs from started_at", async () => {
    const found = await findStuck(connection, jobs, QUEUES, defaults);
    expect(ofCode(found.jobs, "running_too_long")).toEqual([
      [n(41), "running for 5 h; threshold 30 min"],
    ]);
  });

  it("coordinator_slot_stale: a finished holder at once, a live one past the threshold, a missing one", async () => {
    const slot = (holder: string | null, type: string, heldFor: string) =>
      connection.sql.unsafe(
        `update job_queue_state set active_job_id = $1, active_job_type = $2,
              active_models = '["motion-2.0-fast"]', started_at = now() - interval '${heldFor}'
       where id = 1`,
        [holder, type],
      );
    const stale = async () =>
      (await findStuck(connection, jobs, QUEUES, defaults)).jobs.filter(
        (job) => job.code === "coordinator_slot_stale",
      );

    await connection.sql.unsafe(`
      ${jobSql(n(51), "completed", { job_type: "'video'", started_at: "now() - interval '42 minutes'", completed_at: "now() - interval '41 minutes'" })}
      ${jobSql(n(52), "running", { started_at: "now() - interval '20 minutes'" })}
      ${jobSql(n(53), "running", { started_at: "now() - interval '5 minutes'" })}
    `);
    await slot(n(51), "normal", "42 minutes");
    expect(await stale()).toMatchObject([
      {
        jobId: n(51),
        queue: "video",
        rawState: "completed",
        explanation: `the coordinator slot has been held for 42 min by job ${n(51)} which completed 41 min ago; every normal job waits behind it`,
        suggestedAction: "clear_coordinator_slot",
        thresholdSeconds: 900,
      },
    ]);
    expect(Math.round(((await stale())[0]?.ageSeconds ?? 0) / 60)).toBe(41);
    // The job page checks the holder alone, through the same custom rule.
    const alone = await stuckReasonsOf(connection, jobs, { id: n(51), queue: "video" }, defaults);
    expect(alone.map((reason) => reason.code)).toEqual(["coordinator_slot_stale"]);

    await slot(n(52), "normal", "20 minutes");
    expect((await stale()).map((job) => job.explanation)).toEqual([
      `the coordinator slot has been held for 20 min by job ${n(52)} which is still running; threshold 15 min; every normal job waits behind it`,
    ]);

    await slot(n(53), "normal", "5 minutes");
    expect(await stale()).toEqual([]);

    await slot(MISSING, "workflow", "42 minutes");
    expect(await stale()).toMatchObject([
      {
        jobId: MISSING,
        queue: "workflow",
        rawState: null,
        explanation: `the coordinator slot has been held for 42 min by ${MISSING} which is no job or workflow execution here; every normal job waits behind it`,
      },
    ]);

    await slot(null, "normal", "0 seconds");
    expect(await stale()).toEqual([]);
  });

  it("workflow executions: running measured from their last write, not their creation", async () => {
    const found = await findStuck(connection, executions, ["workflow_executions"], defaults);
    expect(ofCode(found.jobs, "running_too_long")).toEqual([
      [
        n(7),
        "running with no step written for 40 min; threshold 30 min; measured from updated_at (its last write) because workflow_executions records no start time",
      ],
    ]);
  });
});

describe("model-coordination stuck rules: executions blocked (027 applied in full)", () => {
  it("finds an execution blocked by a finished job, not its twin blocked by a running one", async () => {
    const n = testId;
    await loadInto(connection.sql, "genai", FIXTURE_DDL + EXECUTIONS_027_DDL);
    await loadInto(
      connection.sql,
      "genai",
      `${USER_SQL}
       ${jobSql(n(1), "failed", { completed_at: "now() - interval '30 minutes'" })}
       ${jobSql(n(2), "running", { started_at: "now() - interval '30 minutes'" })}
       insert into workflow_executions (id, workflow_id, total_steps, status, blocked_by_job_id, created_at, updated_at) values
         ('${n(11)}', 'knight-style-img-to-video', 2, 'pending', '${n(1)}', now() - interval '1 hour', now() - interval '1 hour'),
         ('${n(12)}', 'knight-style-img-to-video', 2, 'pending', '${n(2)}', now() - interval '1 hour', now() - interval '1 hour');`,
    );
    const { executions } = await sourcesIn(database.url, "genai");
    const found = await findStuck(connection, executions, ["workflow_executions"], defaults);
    expect(ofCode(found.jobs, "blocked_by_finished")).toEqual([
      [
        n(11),
        `blocked by job ${n(1)}, which failed 30 min ago; waiting on a finished job for 30 min (threshold 5 min)`,
      ],
    ]);
    expect(ofCode(found.jobs, "waiting_too_long")).toEqual([]);
  });
});

describe("model-coordination stuck rules on the demo data", () => {
  it("finds each seeded stuck case under its code", async () => {
    const demo = await createTestDatabase("model_coordination_stuck_demo");
    const demoConnection = connectPostgres(demo.url, { statementTimeoutMs: 10_000, poolSize: 2 });
    try {
      await modelCoordinationFixture.load(demoConnection);
      const { jobs, executions } = await sourcesIn(demo.url, "public", demoConnection);
      const found = [
        ...(await findStuck(demoConnection, jobs, QUEUES, defaults)).jobs,
        ...(await findStuck(demoConnection, executions, ["workflow_executions"], defaults)).jobs,
      ];
      const codesOf = (id: string) =>
        found.filter((job) => job.jobId === id).map((job) => job.code);
      expect(codesOf(STUCK_CASES.staleSlotHolder)).toEqual(["coordinator_slot_stale"]);
      expect(found.find((job) => job.code === "coordinator_slot_stale")?.explanation).toBe(
        `the coordinator slot has been held for 42 min by job ${STUCK_CASES.staleSlotHolder} which completed 41 min ago; every normal job waits behind it`,
      );
      expect(codesOf(STUCK_CASES.blockedByCompletedJob)).toEqual(["blocked_by_finished"]);
      expect(codesOf(STUCK_CASES.blockedByFailedJob)).toEqual(["blocked_by_finished"]);
      expect(codesOf(STUCK_CASES.blockedByMissingJob)).toEqual(["blocked_by_missing"]);
      expect(codesOf(STUCK_CASES.runningTooLong)).toEqual(["running_too_long"]);
      expect(codesOf(STUCK_CASES.workflowRunningTooLong)).toEqual(["running_too_long"]);
      expect(codesOf(STUCK_CASES.workflowExecutionTooLong)).toEqual(["running_too_long"]);
      expect(
        found.find((job) => job.jobId === STUCK_CASES.blockedByCompletedJob)?.explanation,
      ).toBe(
        `blocked by job ${STUCK_CASES.completedBlocker}, which completed 26 h 1 min ago; waiting on a finished job for 26 h 1 min (threshold 5 min)`,
      );
    } finally {
      await closeConnection(demoConnection);
      await demo.drop();
    }
  });
});
