import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_STUCK_CONFIG } from "@/lib/config/stuck-schema";
import { resolveThreshold } from "@/lib/stuck/resolve-threshold";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import type { JobSource } from "../../jobs/job-source";
import { findStuck, rulesOf } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { MEMORY_QUEUE, REVIEW_QUEUE } from "./sources";
import { asset, ids, loadTestData, memoryId, taskId } from "./test-support";

let database: TestDatabase;
let connection: PostgresConnection;

/** Rows built to trip a rule, each beside a healthy twin that must not. */
const extra = {
  /** Pending again after a re-check: created 3 days ago, pending for 10 minutes only. */
  recheck: memoryId(41),
  /** After migration 001: failed, its retry due 2 hours ago. */
  overdue: memoryId(42),
  /** After migration 001: pending since 2 hours, but not due before next_retry_at (in 30 min). */
  notYetDue: memoryId(43),
  /** No updated_at: pending since 3 days by created_at, which says nothing about this wait. */
  driftedOld: memoryId(44),
  /** The review nobody reaches: lowest confidence, 41 days old. */
  forgotten: taskId(141),
} as const;

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_stuck");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await loadTestData(connection.sql);
  await connection.sql.unsafe(`
    insert into public.systems (asset_uid, description) values ('${asset(41)}', 'bilge pump');
    insert into public.maintenance_agent_memory
      (id, asset_uid, processing_status, processing_stage, created_at, updated_at)
    values ('${extra.recheck}', '${asset(41)}', 'pending', 'not_started',
            now() - interval '3 days', now() - interval '10 minutes');
    insert into plant_b.maintenance_agent_memory
      (id, asset_uid, processing_status, processing_stage, retry_count, last_retry_at, next_retry_at,
       last_error, created_at, updated_at)
    values
      ('${extra.overdue}', '${asset(42)}', 'failed', 'inference', 2, now() - interval '3 hours',
       now() - interval '2 hours 30 seconds', 'Pinecone timeout', now() - interval '2 days',
       now() - interval '3 hours'),
      ('${extra.notYetDue}', '${asset(43)}', 'pending', 'not_started', 1, null,
       now() + interval '30 minutes', null, now() - interval '2 days', now() - interval '2 hours');
    insert into drifted.maintenance_agent_memory (id, asset_uid, processing_status, processing_stage, created_at)
    values ('${extra.driftedOld}', '${asset(44)}', 'pending', 'not_started', now() - interval '3 days');
    insert into public.maintenance_tasks_queue
      (id, asset_uid, description, status, confidence, source, source_details, duplicate_status, created_at)
    values ('${extra.forgotten}', '${asset(1)}', 'Inspect pump coupling alignment', 'pending', 0.41,
            'manual', '{"doc_id": "doc-present"}', 'unique', now() - interval '41 days 3 hours 30 seconds');
  `);
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

/** The thresholds the console would use with nothing configured: the adapter's, then Switchyard's. */
const threshold = (code: StuckCode, queue: string) =>
  resolveThreshold(code, "maintenance-agent", queue, {
    systemDefaults: maintenanceAgentAdapter.stuckThresholds ?? {},
    config: EMPTY_STUCK_CONFIG,
    settings: [],
  }).seconds;

async function stuck(schema: string, id: "memory" | "review") {
  const source = await sourceIn(schema, id);
  const result = await findStuck(
    connection,
    source,
    [id === "memory" ? MEMORY_QUEUE : REVIEW_QUEUE],
    threshold,
  );
  const of = (code: StuckCode) =>
    Object.fromEntries(
      result.jobs.filter((job) => job.code === code).map((job) => [job.jobId, job.explanation]),
    );
  return { source, result, of };
}

describe("maintenance-agent stuck thresholds", () => {
  it("takes the agent's hourly run and its start/end-only writes as its own idea of stuck", () => {
    expect(threshold("waiting_too_long", MEMORY_QUEUE)).toBe(3600);
    expect(threshold("heartbeat_stale", MEMORY_QUEUE)).toBe(900);
    expect(threshold("retry_overdue", MEMORY_QUEUE)).toBe(600);
  });

  it("gives the human review queue a week before a pending task counts as forgotten", () => {
    expect(threshold("waiting_too_long", REVIEW_QUEUE)).toBe(7 * 24 * 3600);
  });
});

describe("processing runs (before migration 001)", () => {
  it("applies its own rules in place of the role rules that measure from created_at", async () => {
    const source = await sourceIn("public", "memory");
    expect(rulesOf(connection, source).map((rule) => rule.code)).toEqual([
      "heartbeat_stale",
      "waiting_too_long",
    ]);
  });

  it("heartbeat_stale: an in_progress row silent for hours, not the one that wrote seconds ago", async () => {
    const { of } = await stuck("public", "memory");
    expect(of("heartbeat_stale")).toEqual({
      [ids.public.silent]:
        "in_progress at stage extraction, but nothing has written the row for 2 h 5 min (updated_at, its only sign of life); threshold 15 min",
    });
  });

  it("waiting_too_long: pending since its last write, not since the agent first saw the system", async () => {
    const { of, result } = await stuck("public", "memory");
    expect(of("waiting_too_long")).toEqual({
      [memoryId(1)]:
        "pending for 3 h (since updated_at) and not picked up by the agent; threshold 1 h",
      [memoryId(2)]:
        "pending for 2 h (since updated_at) and not picked up by the agent; threshold 1 h",
    });
    // The re-checked system (created 3 days ago, pending 10 minutes) is not stuck.
    expect(result.jobs.map((job) => job.jobId)).not.toContain(extra.recheck);
    expect(result.jobs.find((job) => job.jobId === memoryId(1))?.suggestedAction).toBeNull();
  });

  it("running_too_long is not checked: no start time, and created_at is not one", async () => {
    const { of, result } = await stuck("public", "memory");
    // The live run was created a day ago; the role rule would call it running for a day.
    expect(of("running_too_long")).toEqual({});
    expect(result.counts.filter((count) => count.code === "running_too_long")).toEqual([]);
    expect(result.jobs.find((job) => job.jobId === ids.public.silent)?.suggestedAction).toBe(
      "retry",
    );
  });
});

describe("processing runs (after migration 001)", () => {
  it("retry_overdue: a failed row whose scheduled retry is long past", async () => {
    const { of } = await stuck("plant_b", "memory");
    expect(of("retry_overdue")).toEqual({
      [extra.overdue]:
        "failed at stage inference (Pinecone timeout); its retry (next_retry_at) was due 2 h ago and has not run; retries so far: 2; threshold 10 min",
    });
    // Twins: retryScheduled is due in 10 minutes, retryOverdue only 1 minute late.
  });

  it("waiting_too_long waits for next_retry_at on a pending row", async () => {
    const { of } = await stuck("plant_b", "memory");
    // plant_b's pending row has waited an hour and a few seconds; the not-yet-due one is not listed.
    expect(Object.keys(of("waiting_too_long"))).toEqual([ids.plantB.pending]);
  });
});

describe("processing runs without updated_at", () => {
  it("checks neither silence nor waiting: there is nothing to measure them from", async () => {
    const { source, result } = await stuck("drifted", "memory");
    expect(rulesOf(connection, source).map((rule) => rule.code)).toEqual([]);
    expect(result.jobs).toEqual([]);
  });
});

describe("task review queue", () => {
  it("waiting_too_long: pending review for days, with what keeps it at the bottom of the list", async () => {
    const { of, result } = await stuck("public", "review");
    expect(of("waiting_too_long")).toEqual({
      [extra.forgotten]: "pending review for 41 d 3 h (confidence 0.41); threshold 7 d",
      [ids.public.duplicate]:
        "pending review for 19 d (confidence 0.86; duplicate check needs_review); threshold 7 d",
      [ids.public.missingDocument]: "pending review for 12 d (confidence 0.81); threshold 7 d",
    });
    // Four days in a human queue is within the week.
    expect(result.jobs.map((job) => job.jobId)).not.toContain(ids.public.duplicateOfGone);
    // The generated pending tasks are at most 40 minutes old; the escalated one is not pending.
    expect(result.jobs.map((job) => job.jobId)).not.toContain(taskId(39));
    expect(result.jobs.map((job) => job.jobId)).not.toContain(ids.public.escalated);
    // A missing source document is a fact on the job page, not a stuck code.
    expect(
      result.jobs.filter((job) => job.jobId === ids.public.missingDocument).map((job) => job.code),
    ).toEqual(["waiting_too_long"]);
    expect(result.jobs.every((job) => job.suggestedAction === null)).toBe(true);
  });
});
