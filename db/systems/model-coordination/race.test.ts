import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { processItems } from "../../bulk/process-items";
import { snapshotScope } from "../../bulk/scope";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { modelCoordinationAdapter } from "./adapter";
import { FIXTURE_DDL, USER, USER_SQL } from "./test-support";

const FAILED = 200;
const PENDING = 100;
const author = { name: "tester", reason: "race" };

let database: TestDatabase;
let connection: PostgresConnection;
let jobs: JobSource;

beforeAll(async () => {
  database = await createTestDatabase("model_coordination_race");
  connection = connectPostgres(database.url, { statementTimeoutMs: 20_000, poolSize: 8 });
  await connection.sql.unsafe(FIXTURE_DDL);
  // Extra columns never matter to the adapter; this one orders each job's events as they happened
  // (every event is written while its writer holds the job's row lock).
  await connection.sql.unsafe("alter table job_queue_log add column seq bigserial");
  await connection.sql.unsafe(USER_SQL);
  const systems = await discoverSystems(testTarget({ url: database.url }), connection, [
    modelCoordinationAdapter,
  ]);
  jobs = sourceOf(instanceOf(systems, "model-coordination"), "jobs");
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

function action(code: string): JobAction {
  const found = jobs.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

type Tx = postgres.TransactionSql;

async function log(tx: Tx, jobId: string, event: string, metadata: Record<string, unknown>) {
  await tx`
    insert into job_queue_log (job_id, job_type, event_type, models, metadata)
    values (${jobId}, 'normal', ${event}, '["flux-dev"]'::jsonb, ${JSON.stringify(metadata)}::jsonb)`;
}

/** The coordinator, through the system's own columns: claim the head of the queue into the slot. */
async function claim(sql: postgres.Sql, claims: Map<string, number>): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [slot] = await tx`select active_job_id from job_queue_state where id = 1 for update`;
    if (slot?.active_job_id) return false;
    const [next] = await tx<{ job_id: string }[]>`
      select job_id::text from jobs
      where status = 'pending' and queue_position is not null and job_type <> 'workflow'
      order by queue_position limit 1 for update skip locked`;
    if (!next) return false;
    await tx`
      update jobs set status = 'running', started_at = now(), progress = 10, queue_position = null,
                      blocked_by_job_id = null, conflict_reason = null, queued_at = null
      where job_id = ${next.job_id}`;
    await tx`
      update job_queue_state set active_job_id = ${next.job_id}, active_job_type = 'normal',
             active_models = '["flux-dev"]', started_at = now(), last_updated = now()
      where id = 1`;
    await log(tx, next.job_id, "started", { source: "job_worker_realtime" });
    claims.set(next.job_id, (claims.get(next.job_id) ?? 0) + 1);
    return true;
  });
}

/** The slot's job finishes (every fourth one fails); on_job_complete releases the slot. */
async function finish(sql: postgres.Sql, outcomes: Map<string, string>, count: number) {
  await sql.begin(async (tx) => {
    const [slot] = await tx`select active_job_id from job_queue_state where id = 1 for update`;
    const holder = slot?.active_job_id as string | null | undefined;
    if (!holder) return;
    const [job] = await tx`select status from jobs where job_id = ${holder} for update`;
    if (job?.status !== "running") return; // the real coordinator leaves such a slot alone
    const status = count % 4 === 0 ? "failed" : "completed";
    await tx`
      update jobs set status = ${status}, completed_at = now(),
             progress = case when ${status}::text = 'completed' then 100 else progress end,
             error_message = ${status === "failed" ? "Generation timed out after 300s" : null},
             image_url = ${status === "completed" ? `https://cdn.example/${holder}.png` : null}
      where job_id = ${holder}`;
    await log(tx, holder, "completed", { status });
    await tx`
      update job_queue_state set active_job_id = null, active_job_type = null,
             active_models = '[]', started_at = null, last_updated = now()
      where id = 1`;
    outcomes.set(holder, status);
  });
}

/** Users act in the app: retry one of their failed jobs, or now and then give up on a pending one. */
async function userAct(
  sql: postgres.Sql,
  round: number,
  requeued: Set<string>,
  gaveUp: Set<string>,
) {
  await sql.begin(async (tx) => {
    if (round % 5 === 4) {
      const [victim] = await tx<{ job_id: string }[]>`
        select job_id::text from jobs where status = 'pending' and prompt = 'race'
        order by md5(job_id::text || ${round}) limit 1 for update skip locked`;
      if (!victim) return;
      await tx`update jobs set status = 'cancelled', queue_position = null where job_id = ${victim.job_id}`;
      await log(tx, victim.job_id, "cancelled", { source: "api" });
      gaveUp.add(victim.job_id);
      return;
    }
    const [job] = await tx<{ job_id: string }[]>`
      select job_id::text from jobs where status = 'failed' and prompt = 'race'
      order by md5(job_id::text || ${round}) limit 1 for update skip locked`;
    if (!job) return;
    await tx`
      update jobs set status = 'pending', started_at = null, completed_at = null, error_message = null,
             progress = 0, queued_at = now(),
             queue_position = (select coalesce(max(queue_position), 0) + 1 from jobs
                               where status = 'pending' and queue_position is not null)
      where job_id = ${job.job_id}`;
    await log(tx, job.job_id, "queued", { source: "api", retry: true });
    requeued.add(job.job_id);
  });
}

/** Which event moves a job from which raw state to which: the system's and Switchyard's. */
function replay(start: string, events: { event: string; source: string; status?: string }[]) {
  let state = start;
  for (const { event, source, status } of events) {
    const from: Record<string, string[]> = {
      queued: ["failed"],
      requeued: ["failed", "cancelled", "running"],
      cancelled: source === "switchyard" ? ["pending", "pending_retry", "running"] : ["pending"],
      started: ["pending"],
      completed: ["running"],
    };
    if (!from[event]?.includes(state))
      return { state, invalid: `${event} (${source}) from ${state}` };
    state =
      event === "completed"
        ? String(status)
        : event === "started"
          ? "running"
          : event === "cancelled"
            ? "cancelled"
            : "pending";
  }
  return { state, invalid: null };
}

describe("bulk retry and cancel racing the coordinator and the app's users", () => {
  it("loses no update, processes no job twice, and accounts for every job in scope", async () => {
    const { sql } = connection;
    await sql.unsafe(`
      insert into jobs (job_id, user_id, status, prompt, job_type, required_models, created_at,
                        started_at, completed_at, error_message, queue_position, queued_at)
      select ('30000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '${USER}',
             case when g <= ${FAILED} then 'failed' else 'pending' end, 'race', 'image', '["flux-dev"]',
             now() - interval '1 hour',
             case when g <= ${FAILED} then now() - interval '50 minutes' end,
             case when g <= ${FAILED} then now() - interval '49 minutes' end,
             case when g <= ${FAILED} then 'HTTP 503' end,
             case when g > ${FAILED} then ${FAILED + PENDING + 1} - g end,
             case when g > ${FAILED} then now() - interval '30 minutes' end
      from generate_series(1, ${FAILED + PENDING}) g`);

    const retryScope = await snapshotScope(
      connection,
      jobs,
      action("retry"),
      {
        queue: "image",
        filter: { rawState: "failed" },
      },
      1000,
    );
    const cancelScope = await snapshotScope(
      connection,
      jobs,
      action("cancel"),
      {
        queue: "image",
        filter: { rawState: "pending" },
      },
      1000,
    );
    expect(retryScope).toHaveLength(FAILED);
    expect(cancelScope).toHaveLength(PENDING);

    // The coordinator claims from the back of the id range (queue_position runs the other way)
    // while the console cancels in id order: they meet in the middle.
    const claims = new Map<string, number>();
    const outcomes = new Map<string, string>();
    const requeuedByUser = new Set<string>();
    const cancelledByUser = new Set<string>();
    let running = true;
    const coordinator = (async () => {
      let count = 0;
      while (running) {
        if (await claim(sql, claims)) await finish(sql, outcomes, ++count);
      }
    })();
    const users = (async () => {
      for (let round = 0; running; round++) {
        await userAct(sql, round, requeuedByUser, cancelledByUser);
      }
    })();
    while (claims.size < 5 || requeuedByUser.size < 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const [retried, cancelled] = await Promise.all([
      processItems(connection, jobs, action("retry"), retryScope, author, { batchSize: 17 }),
      processItems(connection, jobs, action("cancel"), cancelScope, author, { batchSize: 13 }),
    ]);
    // Let the coordinator work the requeued jobs for a moment before stopping it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    running = false;
    await Promise.all([coordinator, users]);

    // Every job in scope is accounted for, once.
    expect(retried.changed.length + retried.skipped.length).toBe(FAILED);
    expect(cancelled.changed.length + cancelled.skipped.length).toBe(PENDING);
    expect(new Set([...retried.changed, ...retried.skipped]).size).toBe(FAILED);
    expect(new Set([...cancelled.changed, ...cancelled.skipped]).size).toBe(PENDING);
    // The race happened on both sides.
    expect(retried.skipped.length).toBeGreaterThan(0);
    expect(cancelled.skipped.length).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(0);
    // The coordinator went on to run jobs the console requeued.
    expect(retried.changed.filter((id) => claims.has(id)).length).toBeGreaterThan(0);

    const finals = new Map(
      (
        await sql<{ job_id: string; status: string }[]>`
        select job_id::text, status from jobs where prompt = 'race'`
      ).map((row) => [row.job_id, row.status]),
    );
    const events = new Map<string, { event: string; source: string; status?: string }[]>();
    for (const row of await sql<
      { job_id: string; event_type: string; metadata: { source?: string; status?: string } }[]
    >`select job_id, event_type, metadata from job_queue_log order by seq`) {
      const list = events.get(row.job_id) ?? [];
      list.push({
        event: row.event_type,
        source: row.metadata?.source ?? "coordinator",
        ...(row.metadata?.status ? { status: row.metadata.status } : {}),
      });
      events.set(row.job_id, list);
    }

    // Replaying each job's log from its first state reaches its final state through valid moves
    // only: no update was lost, no job was finished after the console cancelled it, none was
    // started without being pending (so never twice for one queueing).
    const retryIds = new Set(retryScope.map((item) => item.id));
    for (const [id, status] of finals) {
      const replayed = replay(retryIds.has(id) ? "failed" : "pending", events.get(id) ?? []);
      expect(replayed.invalid, id).toBeNull();
      expect(replayed.state, id).toBe(status);
    }

    // One Switchyard event per changed job, none for a skipped one.
    const switchyard = (id: string, event: string) =>
      (events.get(id) ?? []).filter(
        (entry) => entry.source === "switchyard" && entry.event === event,
      ).length;
    for (const id of retried.changed) expect(switchyard(id, "requeued"), id).toBe(1);
    for (const id of retried.skipped) expect(switchyard(id, "requeued"), id).toBe(0);
    for (const id of cancelled.changed) expect(switchyard(id, "cancelled"), id).toBe(1);
    for (const id of cancelled.skipped) expect(switchyard(id, "cancelled"), id).toBe(0);

    // Each skip was the system's doing: a user retried the job, or the coordinator or a user got
    // to the pending job first.
    for (const id of retried.skipped) expect(requeuedByUser.has(id), id).toBe(true);
    for (const id of cancelled.skipped) {
      expect(claims.has(id) || cancelledByUser.has(id), id).toBe(true);
    }
    // Nothing the coordinator completed was reset or overwritten.
    for (const [id, status] of outcomes) {
      if (status === "completed") expect(finals.get(id), id).toBe("completed");
    }
    // A job the console cancelled stays cancelled and was never claimed by the coordinator.
    for (const id of cancelled.changed) {
      expect(finals.get(id), id).toBe("cancelled");
      expect(claims.has(id), id).toBe(false);
    }
    // No job was claimed more often than it was queued.
    for (const [id, count] of claims) {
      const queued = (events.get(id) ?? []).filter((entry) =>
        ["queued", "requeued"].includes(entry.event),
      ).length;
      expect(count, id).toBeLessThanOrEqual(queued + (retryIds.has(id) ? 0 : 1));
    }
    // The slot is free or holds the one running normal job.
    const [slot] = await sql`select active_job_id from job_queue_state where id = 1`;
    const runningJobs = [...finals].filter(([, status]) => status === "running").map(([id]) => id);
    expect(runningJobs).toEqual(slot?.active_job_id ? [slot.active_job_id] : []);
  });
});
