import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { getJobRecord } from "../../jobs/get-job";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import type { JobExplanation } from "../adapter";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { modelCoordinationAdapter } from "./adapter";
import { modelCoordinationFixture } from "./fixture";
import { STUCK_CASES } from "./fixture/stuck-cases";
import {
  EXECUTIONS_027_DDL,
  executionId,
  FIXTURE_DDL,
  GENERATED_JOBS_SQL,
  jobId,
  loadInto,
} from "./test-support";

const SYSTEM = "model-coordination";
const MISSING = "10000000-0000-4000-8000-00000000dead";

async function explainIn(
  connection: PostgresConnection,
  url: string,
  schema: string,
  sourceId: string,
  id: string,
): Promise<JobExplanation> {
  const systems = await discoverSystems(
    testTarget({ url }, { systems: { [SYSTEM]: { schema } } }),
    connection,
    [modelCoordinationAdapter],
  );
  const instance = instanceOf(systems, SYSTEM);
  const job = await getJobRecord(connection, sourceOf(instance, sourceId), id);
  if (!job) throw new Error(`no ${sourceId} row ${id} in ${schema}`);
  return modelCoordinationAdapter.explain?.(
    connection,
    instance.detection,
    job,
  ) as Promise<JobExplanation>;
}

const fact = (explanation: JobExplanation, label: string) =>
  explanation.facts.find((candidate) => candidate.label === label);

describe("model-coordination explain: own data", () => {
  let database: TestDatabase;
  let connection: PostgresConnection;
  const explain = (id: string, sourceId = "jobs", schema = "public") =>
    explainIn(connection, database.url, schema, sourceId, id);
  const setSlot = (holder: string | null) => connection.sql`
    update job_queue_state set active_job_id = ${holder}, active_job_type = 'normal',
           active_models = '["flux-dev"]'::jsonb, started_at = now() - interval '40 minutes'
    where id = 1`;

  beforeAll(async () => {
    database = await createTestDatabase("model_coordination_explain");
    connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
    const { sql } = connection;
    await sql.unsafe(FIXTURE_DDL);
    await loadInto(sql, "public", GENERATED_JOBS_SQL);
    // Job 72 waits for a job that never existed, job 66 for a name that is no uuid at all,
    // job 24 for a running workflow execution; job 31's execution ended but the job did not.
    await sql.unsafe(`
      update jobs set blocked_by_job_id = '${MISSING}' where job_id = '${jobId(72)}';
      update jobs set blocked_by_job_id = 'workflow_123' where job_id = '${jobId(66)}';
      update jobs set blocked_by_job_id = '${executionId(13)}' where job_id = '${jobId(24)}';
      update workflow_executions set status = 'completed', current_step = 2 where id = '${executionId(31)}';
      update jobs set workflow_metadata = '{"execution_id": "20000000-0000-4000-8000-00000000beef"}'
      where job_id = '${jobId(30)}';
    `);
    await loadInto(sql, "genai", FIXTURE_DDL + EXECUTIONS_027_DDL);
    await loadInto(sql, "genai", GENERATED_JOBS_SQL);
    await loadInto(
      sql,
      "genai",
      `update workflow_executions
       set blocked_by_job_id = '${MISSING}', current_step_model = 'motion-2.0-fast',
           required_models = '["nano-banana-pro-leonardo", "motion-2.0-fast"]'
       where id = '${executionId(12)}'`,
    );
  });

  afterAll(async () => {
    await closeConnection(connection);
    await database.drop();
  });

  it("names the blocker of a blocked job with its state, and says it has finished", async () => {
    await setSlot(null);
    const explanation = await explain(jobId(36));
    expect(explanation.related).toEqual([
      {
        relation: "blocked by",
        jobId: jobId(2),
        recordedId: jobId(2),
        state: "completed",
        sourceId: "jobs",
      },
    ]);
    expect(fact(explanation, "Blocked by")).toEqual({
      label: "Blocked by",
      value: `job ${jobId(2)} is completed: this job waits for a job that has finished`,
      tone: "danger",
    });
    expect(fact(explanation, "Conflict reason")).toEqual({
      label: "Conflict reason",
      value: `Model flux-dev in use by job ${jobId(2)}`,
      tone: "warning",
    });
    expect(fact(explanation, "Required models")?.value).toBe("flux-dev");
    expect(fact(explanation, "Queue position")?.value).toBe("6 (1 runs next)");
    expect(fact(explanation, "Queued at")?.value).toMatch(/^\d{4}-\d\d-\d\dT.*Z \(36 min ago\)$/);
    expect(fact(explanation, "Coordinator slot")).toEqual({
      label: "Coordinator slot",
      value: "free",
      tone: "neutral",
    });
  });

  it("keeps a blocker that does not exist, uuid or not, with a null job id", async () => {
    const missing = await explain(jobId(72));
    expect(missing.related).toEqual([{ relation: "blocked by", jobId: null, recordedId: MISSING }]);
    expect(fact(missing, "Blocked by")).toMatchObject({
      value: `${MISSING}, which is no job or workflow execution here: nothing will release this job`,
      tone: "danger",
    });
    const named = await explain(jobId(66));
    expect(named.related.find((related) => related.relation === "blocked by")).toEqual({
      relation: "blocked by",
      jobId: null,
      recordedId: "workflow_123",
    });
  });

  it("finds a blocker that is a workflow execution", async () => {
    const explanation = await explain(jobId(24));
    expect(explanation.related).toEqual([
      {
        relation: "blocked by",
        jobId: executionId(13),
        recordedId: executionId(13),
        state: "running",
        sourceId: "workflow_executions",
      },
    ]);
    expect(fact(explanation, "Blocked by")?.tone).toBe("warning");
  });

  it("says when a finished job still holds the coordinator slot", async () => {
    await setSlot(jobId(2));
    const holder = await explain(jobId(2));
    expect(fact(holder, "Coordinator slot")).toMatchObject({
      value: expect.stringMatching(
        /^held by this job since .+ \(40 min ago\), although it is completed: every job behind the slot waits$/,
      ),
      tone: "danger",
    });
    expect(holder.related).toEqual([]);

    const waiting = await explain(jobId(18));
    expect(fact(waiting, "Coordinator slot")).toMatchObject({
      value: expect.stringMatching(
        new RegExp(`^held by normal job ${jobId(2)} \\(completed\\) since .+, using flux-dev$`),
      ),
      tone: "warning",
    });
    expect(waiting.related).toEqual([
      {
        relation: "holds the coordinator slot",
        jobId: jobId(2),
        recordedId: jobId(2),
        state: "completed",
        sourceId: "jobs",
      },
    ]);
    // A finished job that does not hold the slot has nothing to say about it.
    expect(fact(await explain(jobId(8)), "Coordinator slot")).toBeUndefined();
  });

  it("says when a running normal job is not in the coordinator slot", async () => {
    await setSlot(jobId(7));
    const holder = await explain(jobId(7));
    expect(fact(holder, "Coordinator slot")).toMatchObject({
      value: expect.stringMatching(/^held by this job since /),
      tone: "neutral",
    });
    const orphan = await explain(jobId(1));
    expect(fact(orphan, "Coordinator slot")).toMatchObject({
      value: expect.stringMatching(/; this running job does not hold it$/),
      tone: "warning",
    });
    await setSlot(null);
    expect(fact(await explain(jobId(1)), "Coordinator slot")).toEqual({
      label: "Coordinator slot",
      value: "free: the coordinator does not count this running job",
      tone: "warning",
    });
  });

  it("relates a workflow job to its execution, and flags an execution that ended alone", async () => {
    const running = await explain(jobId(13));
    expect(running.related).toEqual([
      {
        relation: "workflow execution",
        jobId: executionId(13),
        recordedId: executionId(13),
        state: "running",
        sourceId: "workflow_executions",
      },
    ]);
    expect(fact(running, "Workflow execution")).toEqual({
      label: "Workflow execution",
      value: "running, 1 of 2 steps done",
    });
    expect(fact(await explain(jobId(31)), "Workflow execution")).toEqual({
      label: "Workflow execution",
      value:
        "completed, 2 of 2 steps done, but this job is still running: the job was not updated when its execution ended",
      tone: "danger",
    });
  });

  it("keeps an execution id recorded in workflow_metadata that does not exist", async () => {
    const explanation = await explain(jobId(30));
    expect(explanation.related).toEqual([
      expect.objectContaining({ relation: "workflow execution", jobId: executionId(30) }),
      {
        relation: "workflow execution (workflow_metadata.execution_id)",
        jobId: null,
        recordedId: "20000000-0000-4000-8000-00000000beef",
      },
    ]);
    expect(explanation.facts.filter((f) => f.label === "Workflow execution")).toEqual([
      { label: "Workflow execution", value: "pending, 1 of 2 steps done" },
      {
        label: "Workflow execution",
        value:
          "workflow_metadata names execution 20000000-0000-4000-8000-00000000beef, which does not exist",
        tone: "danger",
      },
    ]);
  });

  it("explains an execution by its parent job, its steps and its error", async () => {
    const explanation = await explain(executionId(15), "workflow_executions");
    expect(explanation.related).toEqual([
      {
        relation: "parent job",
        jobId: jobId(15),
        recordedId: jobId(15),
        state: "failed",
        sourceId: "jobs",
      },
    ]);
    expect(explanation.facts).toEqual([
      { label: "Workflow", value: "knight-style-img-to-video" },
      { label: "Steps done", value: "1 of 2 (current_step 1, counted from 0)" },
      {
        label: "Error info",
        value:
          "quota_exceeded: Quota exceeded for model (429 Too Many Requests) (step index 1, motion-2.0-fast)",
        tone: "danger",
      },
    ]);
  });

  it("uses the 027 columns of an execution where they exist, a missing blocker included", async () => {
    const explanation = await explain(executionId(12), "workflow_executions", "genai");
    expect(explanation.related).toEqual([
      expect.objectContaining({ relation: "parent job", jobId: jobId(12), state: "pending" }),
      { relation: "blocked by", jobId: null, recordedId: MISSING },
    ]);
    expect(fact(explanation, "Current step model")?.value).toBe("motion-2.0-fast");
    expect(fact(explanation, "Required models")?.value).toBe(
      "nano-banana-pro-leonardo, motion-2.0-fast",
    );
    expect(fact(explanation, "Blocked by")).toEqual({
      label: "Blocked by",
      value: `${MISSING}, which is no job or execution here`,
      tone: "danger",
    });
    expect(fact(explanation, "Last written")?.value).toMatch(/^\d{4}-.+Z \(just now\)$/);
  });
});

describe("model-coordination explain: the demo's stuck tasks", () => {
  let database: TestDatabase;
  let connection: PostgresConnection;
  const explain = (id: string, sourceId = "jobs") =>
    explainIn(connection, database.url, "public", sourceId, id);

  beforeAll(async () => {
    database = await createTestDatabase("model_coordination_explain_demo");
    connection = connectPostgres(database.url, { statementTimeoutMs: 30_000, poolSize: 2 });
    await modelCoordinationFixture.load(connection);
  });

  afterAll(async () => {
    await closeConnection(connection);
    await database.drop();
  });

  it("explains each seeded stuck task", async () => {
    const stale = await explain(STUCK_CASES.staleSlotHolder);
    expect(fact(stale, "Coordinator slot")?.tone).toBe("danger");

    const behindCompleted = await explain(STUCK_CASES.blockedByCompletedJob);
    expect(behindCompleted.related).toContainEqual(
      expect.objectContaining({ relation: "blocked by", jobId: STUCK_CASES.completedBlocker }),
    );
    expect(fact(behindCompleted, "Blocked by")?.tone).toBe("danger");

    const behindMissing = await explain(STUCK_CASES.blockedByMissingJob);
    expect(behindMissing.related).toContainEqual({
      relation: "blocked by",
      jobId: null,
      recordedId: STUCK_CASES.missingBlocker,
    });

    const behindFailed = await explain(STUCK_CASES.blockedByFailedJob);
    expect(behindFailed.related).toContainEqual(
      expect.objectContaining({ jobId: STUCK_CASES.failedBlocker, state: "failed" }),
    );

    const orphan = await explain(STUCK_CASES.runningTooLong);
    expect(fact(orphan, "Coordinator slot")).toMatchObject({ tone: "warning" });

    const workflow = await explain(STUCK_CASES.workflowRunningTooLong);
    expect(fact(workflow, "Workflow execution")?.value).toBe("running, 1 of 4 steps done");
    const execution = await explain(STUCK_CASES.workflowExecutionTooLong, "workflow_executions");
    expect(fact(execution, "Last written")?.value).toMatch(/\(4 h 12 min ago\)$/);
  });
});
