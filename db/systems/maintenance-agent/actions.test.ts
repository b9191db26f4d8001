import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { type ActionItem, applyAction } from "../../jobs/apply-action";
import { getJobRecord } from "../../jobs/get-job";
import type { ActionAuthor, JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { asset, ids, loadTestData, memoryId, taskId } from "./test-support";

let database: TestDatabase;
let connection: PostgresConnection;
const options = { lockTimeoutMs: 500 };
const operator: ActionAuthor = {
  name: "dana@ops",
  reason: "Covered by the annual service contract",
};

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_actions");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await loadTestData(connection.sql);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  if (database) await database.drop();
});

async function sourceIn(schema: string, id: "memory" | "review"): Promise<JobSource> {
  const systems = await discoverSystems(
    testTarget({ url: database.url }, { systems: { "maintenance-agent": { schema } } }),
    connection,
    [maintenanceAgentAdapter],
  );
  return sourceOf(instanceOf(systems, "maintenance-agent"), id);
}

function action(source: JobSource, code: string): JobAction {
  const found = source.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`${source.id} has no ${code}`);
  return found;
}

async function seen(source: JobSource, jobId: string): Promise<ActionItem> {
  const job = await getJobRecord(connection, source, jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  return { id: jobId, seenState: job.rawState, seenVersion: job.version };
}

async function apply(
  source: JobSource,
  code: string,
  items: ActionItem[],
  author: ActionAuthor = operator,
) {
  const result = await applyAction(
    connection,
    source,
    action(source, code),
    items,
    author,
    options,
  );
  return Object.fromEntries(result.outcomes);
}

/**
 * A row as JSON, split into the columns named (with updated_at/reviewed_at reduced to "written in
 * the last minute") and the rest, which an action must leave exactly as it was.
 */
async function row(table: string, jobId: string, written: readonly string[]) {
  const [found] = await connection.sql.unsafe<{ doc: Record<string, unknown> }[]>(
    `select to_jsonb(t) as doc from ${table} t where id = $1`,
    [jobId],
  );
  if (!found) throw new Error(`no row ${jobId} in ${table}`);
  const doc = found.doc;
  const rest = Object.fromEntries(Object.entries(doc).filter(([key]) => !written.includes(key)));
  const mine = Object.fromEntries(
    written.map((key) => {
      const value = doc[key];
      if (!key.endsWith("_at") || value === null) return [key, value];
      const recent = Date.now() - new Date(String(value)).getTime() < 60_000;
      return [key, recent ? "just now" : value];
    }),
  );
  return { written: mine, rest };
}

const MEMORY_WRITES = ["processing_status", "processing_stage", "updated_at"];
const MEMORY_WRITES_001 = [...MEMORY_WRITES, "next_retry_at"];
const REVIEW_WRITES = ["status", "reviewed_at", "reviewed_by", "review_notes", "updated_at"];

describe("maintenance-agent action declarations", () => {
  it("memory: retry only, with what it writes before and after migration 001", async () => {
    const before = await sourceIn("public", "memory");
    expect(before.actions?.supported.map((candidate) => [candidate.code, candidate.from])).toEqual([
      ["retry", ["failed", "scheduled", "running"]],
    ]);
    expect(action(before, "retry").writes).toBe(
      "processing_status = 'pending', processing_stage = 'not_started', updated_at = now",
    );
    expect(before.actions?.unsupported).toEqual([
      {
        code: "cancel",
        why: "maintenance_agent_memory has no cancelled state, and the agent picks up every system that is not completed again, so no state would stop it.",
      },
      {
        code: "skip",
        why: "maintenance_agent_memory has no skipped state: marking the system completed would claim its tasks were extracted and queued for review when they were not.",
      },
    ]);

    const after = await sourceIn("plant_b", "memory");
    expect(action(after, "retry").writes).toBe(
      "processing_status = 'pending', processing_stage = 'not_started', updated_at = now, next_retry_at = null (retry_count, last_retry_at, last_error kept)",
    );

    // No updated_at: nothing tells a dead run from a live one, so in_progress rows are left alone.
    const drifted = await sourceIn("drifted", "memory");
    expect(action(drifted, "retry")).toMatchObject({
      from: ["failed", "scheduled"],
      writes: "processing_status = 'pending', processing_stage = 'not_started'",
    });
    expect(action(drifted, "retry").when).toBeUndefined();
  });

  it("review: cancel is a reject; retry and skip say why they are absent", async () => {
    const review = await sourceIn("public", "review");
    expect(review.actions?.supported.map((candidate) => [candidate.code, candidate.from])).toEqual([
      ["cancel", ["waiting"]],
    ]);
    expect(action(review, "cancel").writes).toBe(
      "status = 'rejected', reviewed_at = now, updated_at = now, reviewed_by = the operator's name, review_notes = the operator's reason (when given)",
    );
    expect(review.actions?.unsupported).toEqual([
      {
        code: "retry",
        why: "A rejected task is a reviewer's decision, not a failure: there is nothing to run again. Reopening it for review would be a different action, which Switchyard does not offer.",
      },
      {
        code: "skip",
        why: "The review queue has no skipped state: a task leaves it only approved or rejected. Reject it with Cancel, or approve it in the agent's review screen.",
      },
    ]);
    const partitioned = await sourceIn("review_only", "review");
    expect(action(partitioned, "cancel").writes).toBe("status = 'rejected', reviewed_at = now");
  });
});

describe("memory retry (before migration 001)", () => {
  const table = "public.maintenance_agent_memory";

  it("puts a failed system back to pending, writing only status, stage and updated_at", async () => {
    const source = await sourceIn("public", "memory");
    const before = await row(table, ids.public.failed, MEMORY_WRITES);
    expect(before.written).toMatchObject({
      processing_status: "failed",
      processing_stage: "error",
    });
    const outcome = await apply(source, "retry", [await seen(source, ids.public.failed)]);
    expect(outcome).toEqual({ [ids.public.failed]: "changed" });
    const after = await row(table, ids.public.failed, MEMORY_WRITES);
    expect(after.written).toEqual({
      processing_status: "pending",
      processing_stage: "not_started",
      updated_at: "just now",
    });
    expect(after.rest).toEqual(before.rest);
  });

  it("retries an in_progress row silent past 15 minutes, never a live one", async () => {
    const source = await sourceIn("public", "memory");
    const silent = await row(table, ids.public.silent, MEMORY_WRITES);
    const live = await row(table, ids.public.fresh, MEMORY_WRITES);
    const outcome = await apply(source, "retry", [
      await seen(source, ids.public.silent),
      await seen(source, ids.public.fresh),
      await seen(source, ids.public.completed),
      await seen(source, ids.public.pending),
    ]);
    expect(outcome).toEqual({
      [ids.public.silent]: "changed",
      [ids.public.fresh]: "skipped",
      [ids.public.completed]: "skipped",
      [ids.public.pending]: "skipped",
    });
    const after = await row(table, ids.public.silent, MEMORY_WRITES);
    expect(after.written).toEqual({
      processing_status: "pending",
      processing_stage: "not_started",
      updated_at: "just now",
    });
    expect(after.rest).toEqual(silent.rest);
    expect(await row(table, ids.public.fresh, MEMORY_WRITES)).toEqual(live);
  });
});

describe("memory retry (after migration 001)", () => {
  const table = "plant_b.maintenance_agent_memory";

  it("clears next_retry_at and keeps the retry count, last retry and last error", async () => {
    const source = await sourceIn("plant_b", "memory");
    for (const id of [ids.plantB.retryScheduled, ids.plantB.failedForGood]) {
      const before = await row(table, id, MEMORY_WRITES_001);
      const outcome = await apply(source, "retry", [await seen(source, id)]);
      expect(outcome).toEqual({ [id]: "changed" });
      const after = await row(table, id, MEMORY_WRITES_001);
      expect(after.written).toEqual({
        processing_status: "pending",
        processing_stage: "not_started",
        updated_at: "just now",
        next_retry_at: null,
      });
      expect(after.rest).toEqual(before.rest);
    }
    const [scheduled] = await connection.sql`
      select retry_count, last_error, last_retry_at is not null as has_last_retry
      from plant_b.maintenance_agent_memory where id = ${ids.plantB.retryScheduled}`;
    expect(scheduled).toEqual({
      retry_count: 2,
      last_error: "Pinecone timeout",
      has_last_retry: true,
    });
  });

  it("skips a row whose state or version changed between preview and action", async () => {
    const source = await sourceIn("plant_b", "memory");
    await connection.sql`
      insert into plant_b.maintenance_agent_memory
        (id, asset_uid, processing_status, processing_stage, retry_count, next_retry_at, last_error,
         created_at, updated_at)
      values (${memoryId(31)}, ${asset(31)}, 'failed', 'error', 1, null, 'connection reset',
              now() - interval '1 day', now() - interval '1 hour')`;
    const claimed = await seen(source, ids.plantB.retryOverdue);
    const refailed = await seen(source, memoryId(31));
    // The agent claims one (failed → in_progress) and re-runs and fails the other (failed again).
    await connection.sql`
      update plant_b.maintenance_agent_memory
      set processing_status = 'in_progress', processing_stage = 'extraction', updated_at = now()
      where id = ${ids.plantB.retryOverdue}`;
    await connection.sql`
      update plant_b.maintenance_agent_memory
      set last_error = 'OpenAI 429: rate limited', retry_count = 2, updated_at = now()
      where id = ${memoryId(31)}`;
    const claimedRow = await row(table, ids.plantB.retryOverdue, []);
    const refailedRow = await row(table, memoryId(31), []);
    const outcome = await apply(source, "retry", [claimed, refailed]);
    expect(outcome).toEqual({ [ids.plantB.retryOverdue]: "skipped", [memoryId(31)]: "skipped" });
    expect(await row(table, ids.plantB.retryOverdue, [])).toEqual(claimedRow);
    expect(await row(table, memoryId(31), [])).toEqual(refailedRow);
  });
});

describe("memory retry on an enum state without updated_at", () => {
  it("writes the enum label and leaves unknown states alone", async () => {
    const source = await sourceIn("drifted", "memory");
    await connection.sql`
      insert into drifted.maintenance_agent_memory (id, asset_uid, processing_status, processing_stage)
      values (${memoryId(24)}, ${asset(24)}, 'failed', 'error')`;
    const outcome = await apply(source, "retry", [
      await seen(source, memoryId(24)),
      await seen(source, memoryId(22)),
    ]);
    expect(outcome).toEqual({ [memoryId(24)]: "changed", [memoryId(22)]: "skipped" });
    const rows = await connection.sql`
      select id, processing_status::text as status, processing_stage as stage
      from drifted.maintenance_agent_memory where id in (${memoryId(24)}, ${memoryId(22)}) order by id`;
    expect(rows).toEqual([
      { id: memoryId(22), status: "paused", stage: "discovery" },
      { id: memoryId(24), status: "pending", stage: "not_started" },
    ]);
  });
});

describe("review cancel (reject)", () => {
  const table = "public.maintenance_tasks_queue";
  // Generated tasks taskId(n) are pending when n % 3 = 0.
  const [withReason, withoutReason, approvedMeanwhile, editedMeanwhile] = [3, 6, 9, 12].map(taskId);

  it("rejects pending tasks, stamped with the operator's name and reason", async () => {
    const source = await sourceIn("public", "review");
    const before = await row(table, withReason as string, REVIEW_WRITES);
    expect(before.written).toEqual({
      status: "pending",
      reviewed_at: null,
      reviewed_by: null,
      review_notes: null,
      updated_at: "just now",
    });
    const outcome = await apply(source, "cancel", [await seen(source, withReason as string)]);
    expect(outcome).toEqual({ [withReason as string]: "changed" });
    const after = await row(table, withReason as string, REVIEW_WRITES);
    expect(after.written).toEqual({
      status: "rejected",
      reviewed_at: "just now",
      reviewed_by: "dana@ops",
      review_notes: "Covered by the annual service contract",
      updated_at: "just now",
    });
    expect(after.rest).toEqual(before.rest);

    await apply(source, "cancel", [await seen(source, withoutReason as string)], {
      name: "dana@ops",
      reason: null,
    });
    expect((await row(table, withoutReason as string, REVIEW_WRITES)).written).toEqual({
      status: "rejected",
      reviewed_at: "just now",
      reviewed_by: "dana@ops",
      review_notes: null,
      updated_at: "just now",
    });
  });

  it("never touches a decided task, nor one that changed since the operator saw it", async () => {
    const source = await sourceIn("public", "review");
    const approved = await seen(source, approvedMeanwhile as string);
    const edited = await seen(source, editedMeanwhile as string);
    // A reviewer approves one in the agent's screen; the agent's duplicate check updates the other.
    await connection.sql`
      update public.maintenance_tasks_queue
      set status = 'approved', reviewed_at = now(), reviewed_by = 'admin', updated_at = now()
      where id = ${approvedMeanwhile as string}`;
    await connection.sql`
      update public.maintenance_tasks_queue set duplicate_status = 'unique'
      where id = ${editedMeanwhile as string}`;
    const untouched = await Promise.all(
      [
        approvedMeanwhile,
        editedMeanwhile,
        ids.public.approved,
        ids.public.rejected,
        ids.public.escalated,
      ].map((id) => row(table, id as string, [])),
    );
    const outcome = await apply(source, "cancel", [
      approved,
      edited,
      await seen(source, ids.public.approved),
      await seen(source, ids.public.rejected),
      await seen(source, ids.public.escalated),
    ]);
    expect(Object.values(outcome)).toEqual(["skipped", "skipped", "skipped", "skipped", "skipped"]);
    const now = await Promise.all(
      [
        approvedMeanwhile,
        editedMeanwhile,
        ids.public.approved,
        ids.public.rejected,
        ids.public.escalated,
      ].map((id) => row(table, id as string, [])),
    );
    expect(now).toEqual(untouched);
  });

  it("rejects in a partitioned queue without reviewer columns (the row moves partition)", async () => {
    const source = await sourceIn("review_only", "review");
    const outcome = await apply(source, "cancel", [
      await seen(source, taskId(201)),
      await seen(source, taskId(203)),
    ]);
    expect(outcome).toEqual({ [taskId(201)]: "changed", [taskId(203)]: "skipped" });
    const rows = await connection.sql`
      select tableoid::regclass::text as partition, id, status,
             reviewed_at > now() - interval '1 minute' as reviewed_now
      from review_only.maintenance_tasks_queue where id in (${taskId(201)}, ${taskId(203)}) order by id`;
    expect(rows).toEqual([
      {
        partition: "review_only.maintenance_tasks_queue_closed",
        id: taskId(201),
        status: "rejected",
        reviewed_now: true,
      },
      {
        partition: "review_only.maintenance_tasks_queue_closed",
        id: taskId(203),
        status: "escalated",
        reviewed_now: null,
      },
    ]);
  });
});
