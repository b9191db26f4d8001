import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { getJobRecord } from "../../jobs/get-job";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import type { JobExplanation } from "../adapter";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { asset, ids, loadTestData } from "./test-support";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_explain");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await loadTestData(connection.sql);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  if (database) await database.drop();
});

async function explain(
  schema: string,
  sourceId: "memory" | "review",
  jobId: string,
): Promise<JobExplanation> {
  const systems = await discoverSystems(
    testTarget({ url: database.url }, { systems: { "maintenance-agent": { schema } } }),
    connection,
    [maintenanceAgentAdapter],
  );
  const instance = instanceOf(systems, "maintenance-agent");
  const job = await getJobRecord(connection, sourceOf(instance, sourceId), jobId);
  if (!job) throw new Error(`no job ${jobId} in ${schema} ${sourceId}`);
  const explanation = await maintenanceAgentAdapter.explain?.(connection, instance.detection, job);
  if (!explanation) throw new Error("the adapter has no explain");
  return explanation;
}

/** Times come back as text from this client, so tests read epoch milliseconds instead. */
const iso = (millis: number | undefined) => new Date(Number(millis)).toISOString();

const fact = (explanation: JobExplanation, label: string) =>
  explanation.facts.find((candidate) => candidate.label === label);

describe("maintenance-agent explain: processing runs", () => {
  it("names the equipment system and flags a run silent for hours", async () => {
    const explanation = await explain("public", "memory", ids.public.silent);
    expect(explanation.related).toEqual([]);
    expect(fact(explanation, "Equipment system")).toEqual({
      label: "Equipment system",
      value: "Yanmar 4JH43: marine diesel engine",
    });
    expect(fact(explanation, "Processing stage")).toEqual({
      label: "Processing stage",
      value: "extraction",
      tone: "neutral",
    });
    expect(fact(explanation, "Last write (updated_at)")).toEqual({
      label: "Last write (updated_at)",
      value:
        "2 h 5 min ago: in_progress with no write since; the agent that ran it has probably died",
      tone: "warning",
    });
    // Before migration 001 there is nothing to say about retries.
    expect(fact(explanation, "Retries")).toBeUndefined();
    expect(fact(explanation, "Next retry")).toBeUndefined();
  });

  it("does not flag a run that wrote seconds ago", async () => {
    const explanation = await explain("public", "memory", ids.public.fresh);
    const silence = fact(explanation, "Last write (updated_at)");
    expect(silence?.tone).toBeUndefined();
    expect(silence?.value).toMatch(/^\d+ s ago$/);
  });

  it("counts what a run found and what waits for review on the same system", async () => {
    const completed = await explain("public", "memory", ids.public.completed);
    expect(fact(completed, "Tasks found")?.value).toBe("12 (manual 7, real-world 3, inferred 2)");
    expect(fact(completed, "Review queue tasks for this system")?.value).toBe("none");

    const pending = await explain("public", "memory", ids.public.pending);
    const [truth] = await connection.sql<{ pending: number; approved: number; rejected: number }[]>`
      select count(*) filter (where status = 'pending')::int as pending,
             count(*) filter (where status = 'approved')::int as approved,
             count(*) filter (where status = 'rejected')::int as rejected
      from public.maintenance_tasks_queue where asset_uid = ${asset(1)}`;
    expect(fact(pending, "Review queue tasks for this system")?.value).toBe(
      `${truth?.approved} approved, ${truth?.pending} pending, ${truth?.rejected} rejected`,
    );
  });

  it("marks the error stage as danger", async () => {
    const explanation = await explain("public", "memory", ids.public.failed);
    expect(fact(explanation, "Processing stage")).toMatchObject({ value: "error", tone: "danger" });
  });

  it("says when the equipment system is gone from the shared table", async () => {
    const explanation = await explain("plant_b", "memory", ids.plantB.orphan);
    expect(fact(explanation, "Equipment system")).toEqual({
      label: "Equipment system",
      value: `asset ${ids.plantB.orphanAsset} no longer exists in systems: there is nothing left to process`,
      tone: "danger",
    });
  });

  it("reports retries after migration 001, and a failure with no retry left", async () => {
    const scheduled = await explain("plant_b", "memory", ids.plantB.retryScheduled);
    const [row] = await connection.sql<{ last: number; next: number }[]>`
      select floor(1000 * extract(epoch from last_retry_at))::float8 as last,
             floor(1000 * extract(epoch from next_retry_at))::float8 as next
      from plant_b.maintenance_agent_memory where id = ${ids.plantB.retryScheduled}`;
    expect(fact(scheduled, "Retries")?.value).toBe(`2 (last ${iso(row?.last)})`);
    expect(fact(scheduled, "Next retry")).toEqual({ label: "Next retry", value: iso(row?.next) });

    const final = await explain("plant_b", "memory", ids.plantB.failedForGood);
    expect(fact(final, "Next retry")).toEqual({
      label: "Next retry",
      value: "none scheduled: the failure is final",
      tone: "warning",
    });

    const completed = await explain("plant_b", "memory", ids.plantB.completed);
    expect(fact(completed, "Tasks found")?.value).toBe(
      "6 (manual 0, real-world 0, inferred 0, queued for review 4)",
    );
  });

  it("says the shared tables are absent instead of calling the system gone", async () => {
    const explanation = await explain("drifted", "memory", "3e000000-0000-4000-8000-000000000022");
    expect(fact(explanation, "Equipment system")).toEqual({
      label: "Equipment system",
      value: `asset ${asset(22)} (no shared systems table in drifted)`,
    });
    expect(fact(explanation, "Last write (updated_at)")).toBeUndefined();
  });
});

describe("maintenance-agent explain: review tasks", () => {
  it("flags a task whose source document no longer exists", async () => {
    const explanation = await explain("public", "review", ids.public.missingDocument);
    expect(fact(explanation, "Source document")).toEqual({
      label: "Source document",
      value: "document doc-gone no longer exists: the task cannot be checked against its manual",
      tone: "danger",
    });
    expect(fact(explanation, "Reviewed")?.value).toBe("not yet");
    expect(fact(explanation, "Confidence")?.value).toBe("0.81");
    expect(fact(explanation, "Criticality")?.value).toBe("important");
    expect(explanation.related).toEqual([]);
  });

  it("names the document a task came from and who reviewed it", async () => {
    const explanation = await explain("public", "review", ids.public.rejected);
    expect(fact(explanation, "Source document")).toEqual({
      label: "Source document",
      value: "YANMAR CO., LTD. 4JH45 (doc-present, manuals/yanmar-4jh45.pdf)",
    });
    const [row] = await connection.sql<{ at: number }[]>`
      select floor(1000 * extract(epoch from reviewed_at))::float8 as at
      from public.maintenance_tasks_queue where id = ${ids.public.rejected}`;
    expect(fact(explanation, "Reviewed")?.value).toBe(`by alice at ${iso(row?.at)}`);
  });

  it("links the task it may duplicate, with that task's status", async () => {
    const explanation = await explain("public", "review", ids.public.duplicate);
    expect(explanation.related).toEqual([
      {
        relation: "duplicate of",
        jobId: ids.public.approved,
        recordedId: ids.public.approved,
        sourceId: "review",
        state: "approved",
      },
    ]);
    expect(fact(explanation, "Duplicate check")).toEqual({
      label: "Duplicate check",
      value: "needs_review (similarity 0.874)",
      tone: "warning",
    });
    expect(fact(explanation, "Source")?.value).toBe("real_world (llm_knowledge)");
  });

  it("keeps the recorded id of a duplicate target that is gone", async () => {
    const explanation = await explain("public", "review", ids.public.duplicateOfGone);
    expect(explanation.related).toEqual([
      {
        relation: "duplicate of",
        jobId: null,
        recordedId: ids.public.goneTask,
        sourceId: "review",
      },
    ]);
  });

  it("shows an auto-approval as reviewed by auto", async () => {
    const explanation = await explain("public", "review", ids.public.realWorld);
    expect(fact(explanation, "Reviewed")?.value).toMatch(/^by auto at \d{4}-/);
    expect(fact(explanation, "Duplicate check")).toEqual({
      label: "Duplicate check",
      value: "unique",
      tone: "neutral",
    });
  });

  it("explains a task of a review queue with fewer columns", async () => {
    const explanation = await explain(
      "review_only",
      "review",
      "7a000000-0000-4000-8000-000000000202",
    );
    expect(explanation.facts).toEqual([
      { label: "Source", value: "not recorded" },
      { label: "Reviewed", value: expect.stringMatching(/^at \d{4}-/) },
    ]);
    expect(explanation.related).toEqual([]);
  });

  it("does not call a document missing when the documents table is not beside the queue", async () => {
    await connection.sql.unsafe(`
      create schema bare_review;
      create table bare_review.maintenance_tasks_queue (id uuid primary key, asset_uid uuid,
        description text, status text, source_details jsonb, created_at timestamptz);
      insert into bare_review.maintenance_tasks_queue values
        ('${ids.public.missingDocument}', '${asset(1)}', 'Check', 'pending', '{"doc_id": "doc-gone"}', now());`);
    const explanation = await explain("bare_review", "review", ids.public.missingDocument);
    expect(explanation.facts).toEqual([
      {
        label: "Source document",
        value: "doc-gone not checked (no shared documents table in bare_review)",
      },
    ]);
  });
});
