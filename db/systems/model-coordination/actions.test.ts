import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "@/lib/stuck/stuck-codes";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { ActionRefusal } from "../../actions/action-refusal";
import { snapshotScope } from "../../bulk/scope";
import { type ActionItem, applyAction } from "../../jobs/apply-action";
import { getJobRecord } from "../../jobs/get-job";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { findStuck } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { modelCoordinationAdapter } from "./adapter";
import {
  EXECUTIONS_027_DDL,
  FIXTURE_DDL,
  jobSql,
  LEGACY_DDL,
  loadInto,
  testId,
  USER_SQL,
} from "./test-support";

const SYSTEM = "model-coordination";
const MISSING = "30000000-0000-4000-8000-00000000dead";
const author = { name: "tester", reason: "stuck since the deploy" };
const SWITCHYARD = { source: "switchyard", operator: "tester", reason: "stuck since the deploy" };

let database: TestDatabase;
let connection: PostgresConnection;
let jobs: JobSource;
let executions: JobSource;
let genaiJobs: JobSource;
let genaiExecutions: JobSource;

async function sourcesIn(schema: string) {
  const systems = await discoverSystems(
    testTarget({ url: database.url }, { systems: { [SYSTEM]: { schema } } }),
    connection,
    [modelCoordinationAdapter],
  );
  const instance = instanceOf(systems, SYSTEM);
  return {
    jobs: sourceOf(instance, "jobs"),
    executions: sourceOf(instance, "workflow_executions"),
  };
}

beforeAll(async () => {
  database = await createTestDatabase("model_coordination_actions");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 4 });
  await connection.sql.unsafe(FIXTURE_DDL);
  await connection.sql.unsafe(USER_SQL);
  await loadInto(connection.sql, "genai", FIXTURE_DDL + EXECUTIONS_027_DDL);
  await loadInto(connection.sql, "genai", USER_SQL);
  ({ jobs, executions } = await sourcesIn("public"));
  ({ jobs: genaiJobs, executions: genaiExecutions } = await sourcesIn("genai"));
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

function action(source: JobSource, code: string): JobAction {
  const found = source.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`${source.id} does not support ${code}`);
  return found;
}

async function seen(source: JobSource, id: string): Promise<ActionItem> {
  const job = await getJobRecord(connection, source, id);
  if (!job) throw new Error(`no ${source.id} row ${id}`);
  return { id, seenState: job.rawState, seenVersion: job.version };
}

async function apply(source: JobSource, code: string, items: ActionItem[]) {
  const result = await applyAction(connection, source, action(source, code), items, author, {
    lockTimeoutMs: 500,
  });
  return Object.fromEntries(result.outcomes);
}

/** The row as JSON without the columns named: what an action must have left alone. */
async function rest(table: string, idColumn: string, id: string, written: string[]) {
  const [row] = await connection.sql.unsafe(
    `select to_jsonb(t) - $2::text[] as rest from ${table} t where ${idColumn} = $1`,
    [id, written],
  );
  return row?.rest;
}

/** The rows Switchyard appended to job_queue_log for a job. */
async function operatorLog(jobId: string, schema = "public") {
  return connection.sql.unsafe(
    `select job_id, job_type, event_type, models, blocked_by_job_id, conflict_reason, metadata,
            created_at > now() - interval '1 minute' as just_now
     from ${schema}.job_queue_log where job_id = $1 and metadata ->> 'source' = 'switchyard'
     order by created_at`,
    [jobId],
  );
}

async function slotRow() {
  const [row] = await connection.sql`
    select active_job_id, active_job_type, active_models, started_at,
           last_updated > now() - interval '1 minute' as updated_just_now
    from job_queue_state where id = 1`;
  return row;
}

const setSlot = (holder: string | null, heldFor: string) =>
  connection.sql.unsafe(
    `update job_queue_state set active_job_id = $1, active_job_type = 'normal',
          active_models = '["motion-2.0-fast"]', started_at = now() - interval '${heldFor}',
          last_updated = now() - interval '${heldFor}'
   where id = 1`,
    [holder],
  );

describe("model-coordination actions: what each source declares", () => {
  it("jobs: retry, cancel, unblock and clear coordinator slot, each with what it writes; no skip", () => {
    expect(jobs.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
      "unblock",
      "clear_coordinator_slot",
    ]);
    expect(action(jobs, "retry").writes).toBe(
      "status = 'pending', started_at = null, completed_at = null, error_message = null, progress = 0, queue_position = the next position (null for workflow jobs), blocked_by_job_id = null, conflict_reason = null, queued_at = now; appends a 'requeued' event to job_queue_log",
    );
    expect(action(jobs, "cancel").writes).toBe(
      "status = 'cancelled', completed_at = now, queue_position = null; appends a 'cancelled' event to job_queue_log",
    );
    expect(action(jobs, "unblock").writes).toBe(
      "blocked_by_job_id = null, conflict_reason = null; appends a 'unblocked' event to job_queue_log",
    );
    expect(action(jobs, "clear_coordinator_slot").writes).toBe(
      "job_queue_state, only while its row still names this job: active_job_id = null, active_job_type = null, active_models = '[]', started_at = null, last_updated = now; the job's own row is left as it is; appends a 'slot_cleared' event to job_queue_log",
    );
    expect(jobs.actions?.unsupported).toEqual([
      {
        code: "skip",
        why: "jobs has no skipped state (its status CHECK allows pending, running, completed, failed, cancelled, pending_retry): cancel the job instead.",
      },
    ]);
  });

  it("workflow executions: retry, and unblock only where 027 added blocked_by_job_id", () => {
    expect(executions.actions?.supported.map((candidate) => candidate.code)).toEqual(["retry"]);
    expect(action(executions, "retry").writes).toBe(
      "status = 'pending', error_info = null (retry_count and checkpoints are kept: the workflow manager resumes at current_step); appends a 'requeued' event to job_queue_log",
    );
    expect(executions.actions?.unsupported.map((candidate) => candidate.code)).toEqual([
      "cancel",
      "skip",
      "unblock",
    ]);
    expect(executions.actions?.unsupported[0]?.why).toBe(
      "workflow_executions has no cancelled state: cancel the workflow's job (Jobs, queue workflow) instead.",
    );
    expect(genaiExecutions.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "unblock",
    ]);
    expect(action(genaiExecutions, "unblock").writes).toBe(
      "blocked_by_job_id = null; appends a 'unblocked' event to job_queue_log",
    );
  });
});

describe("jobs: retry", () => {
  it("requeues failed, cancelled and running jobs at the next position, logging each", async () => {
    const [failed, workflow, cancelled, running] = [1, 2, 3, 4].map(testId) as [
      string,
      string,
      string,
      string,
    ];
    await connection.sql.unsafe(`
      ${jobSql(testId(5), "pending", { queue_position: "1", queued_at: "now()" })}
      ${jobSql(testId(6), "pending", { queue_position: "3", queued_at: "now()" })}
      ${jobSql(failed, "failed", {
        model: "'flux-dev'",
        created_at: "now() - interval '20 minutes'",
        started_at: "now() - interval '10 minutes'",
        completed_at: "now() - interval '9 minutes'",
        error_message: "'Generation timed out after 300s'",
        progress: "40",
        required_models: `'["flux-dev"]'`,
        blocked_by_job_id: `'${MISSING}'`,
        conflict_reason: "'Model flux-dev in use'",
        queued_at: "now() - interval '20 minutes'",
        metadata: `'{"priority": 1}'`,
      })}
      ${jobSql(workflow, "failed", {
        job_type: "'workflow'",
        started_at: "now() - interval '10 minutes'",
        completed_at: "now() - interval '9 minutes'",
        error_message: "'Workflow failed at step 2'",
        required_models: `'["vision-aicc", "hailuo-2.3-fast"]'`,
      })}
      ${jobSql(cancelled, "cancelled", { queue_position: "9" })}
      ${jobSql(running, "running", { started_at: "now() - interval '2 hours'", progress: "10" })}
    `);
    const before = await rest("jobs", "job_id", failed, []);
    const items = await Promise.all(
      [failed, workflow, cancelled, running].map((id) => seen(jobs, id)),
    );
    expect(await apply(jobs, "retry", items)).toEqual({
      [failed]: "changed",
      [workflow]: "changed",
      [cancelled]: "changed",
      [running]: "changed",
    });

    const written = [
      "status",
      "started_at",
      "completed_at",
      "error_message",
      "progress",
      "queue_position",
      "blocked_by_job_id",
      "conflict_reason",
      "queued_at",
      "updated_at",
    ];
    const rows = await connection.sql`
      select job_id::text, status, started_at, completed_at, error_message, progress, queue_position,
             blocked_by_job_id, conflict_reason, queued_at > now() - interval '1 minute' as queued_now
      from jobs where job_id in ${connection.sql([failed, workflow, cancelled, running])}
      order by job_id`;
    const reset = {
      status: "pending",
      started_at: null,
      completed_at: null,
      error_message: null,
      progress: 0,
      blocked_by_job_id: null,
      conflict_reason: null,
      queued_now: true,
    };
    // One statement: the jobs of a batch share the next position after the queue's last (3).
    expect(rows).toEqual([
      { job_id: failed, ...reset, queue_position: 4 },
      { job_id: workflow, ...reset, queue_position: null },
      { job_id: cancelled, ...reset, queue_position: 4 },
      { job_id: running, ...reset, queue_position: 4 },
    ]);
    const beforeRest = { ...(before as Record<string, unknown>) };
    for (const column of written) delete beforeRest[column];
    expect(await rest("jobs", "job_id", failed, written)).toEqual(beforeRest);

    expect(await operatorLog(failed)).toEqual([
      {
        job_id: failed,
        job_type: "normal",
        event_type: "requeued",
        models: ["flux-dev"],
        blocked_by_job_id: null,
        conflict_reason: null,
        metadata: SWITCHYARD,
        just_now: true,
      },
    ]);
    expect(await operatorLog(workflow)).toMatchObject([
      { job_type: "workflow", event_type: "requeued", models: ["vision-aicc", "hailuo-2.3-fast"] },
    ]);
  });

  it("skips a job that changed since it was seen, by state or by row version, and logs nothing", async () => {
    const [claimed, edited] = [11, 12].map(testId) as [string, string];
    await connection.sql.unsafe(`
      ${jobSql(claimed, "failed", { error_message: "'boom'" })}
      ${jobSql(edited, "failed", { error_message: "'boom'" })}
    `);
    const items = [await seen(jobs, claimed), await seen(jobs, edited)];
    // A user retried one in the app (and the worker started it); the other got a new error text.
    await connection.sql`update jobs set status = 'running', started_at = now() where job_id = ${claimed}`;
    await connection.sql`update jobs set error_message = 'boom (again)' where job_id = ${edited}`;
    expect(await apply(jobs, "retry", items)).toEqual({
      [claimed]: "skipped",
      [edited]: "skipped",
    });
    const rows = await connection.sql`
      select status, error_message from jobs where job_id in ${connection.sql([claimed, edited])}
      order by job_id`;
    expect(rows).toEqual([
      { status: "running", error_message: "boom" },
      { status: "failed", error_message: "boom (again)" },
    ]);
    expect(await operatorLog(claimed)).toEqual([]);
    expect(await operatorLog(edited)).toEqual([]);
  });

  it("leaves the job holding the coordinator slot alone (clear the slot first)", async () => {
    const holder = testId(13);
    await connection.sql.unsafe(jobSql(holder, "failed", { error_message: "'boom'" }));
    await setSlot(holder, "20 minutes");
    const scope = await snapshotScope(
      connection,
      jobs,
      action(jobs, "retry"),
      {
        queue: "image",
        filter: {},
        ids: [holder],
      },
      10,
    );
    expect(scope).toEqual([]);
    expect(await apply(jobs, "retry", [await seen(jobs, holder)])).toEqual({ [holder]: "skipped" });
    const [row] = await connection.sql`select status from jobs where job_id = ${holder}`;
    expect(row?.status).toBe("failed");
    await setSlot(null, "0 seconds");
  });
});

describe("jobs: cancel", () => {
  it("cancels pending, pending_retry, blocked and running jobs: completed_at now, out of the queue", async () => {
    const ids = [21, 22, 23, 24].map(testId) as [string, string, string, string];
    const [pending, retrying, blocked, running] = ids;
    await connection.sql.unsafe(`
      ${jobSql(pending, "pending", { queue_position: "5", queued_at: "now() - interval '3 minutes'" })}
      ${jobSql(retrying, "pending_retry", { job_type: "'workflow'", started_at: "now() - interval '1 hour'" })}
      ${jobSql(blocked, "pending", {
        queue_position: "6",
        blocked_by_job_id: `'${MISSING}'`,
        conflict_reason: "'Model flux-dev in use'",
        required_models: `'["flux-dev"]'`,
      })}
      ${jobSql(running, "running", { started_at: "now() - interval '3 hours'" })}
    `);
    const before = await rest("jobs", "job_id", blocked, []);
    const items = await Promise.all(ids.map((id) => seen(jobs, id)));
    expect(await apply(jobs, "cancel", items)).toEqual(
      Object.fromEntries(ids.map((id) => [id, "changed"])),
    );
    const rows = await connection.sql`
      select job_id::text, status, completed_at > now() - interval '1 minute' as completed_now,
             queue_position, blocked_by_job_id
      from jobs where job_id in ${connection.sql(ids)} order by job_id`;
    expect(rows).toEqual([
      {
        job_id: pending,
        status: "cancelled",
        completed_now: true,
        queue_position: null,
        blocked_by_job_id: null,
      },
      {
        job_id: retrying,
        status: "cancelled",
        completed_now: true,
        queue_position: null,
        blocked_by_job_id: null,
      },
      // The block stays recorded: it says what the job was waiting for when it was cancelled.
      {
        job_id: blocked,
        status: "cancelled",
        completed_now: true,
        queue_position: null,
        blocked_by_job_id: MISSING,
      },
      {
        job_id: running,
        status: "cancelled",
        completed_now: true,
        queue_position: null,
        blocked_by_job_id: null,
      },
    ]);
    const written = ["status", "completed_at", "queue_position", "updated_at"];
    const beforeRest = { ...(before as Record<string, unknown>) };
    for (const column of written) delete beforeRest[column];
    expect(await rest("jobs", "job_id", blocked, written)).toEqual(beforeRest);
    expect(await operatorLog(blocked)).toEqual([
      {
        job_id: blocked,
        job_type: "normal",
        event_type: "cancelled",
        models: ["flux-dev"],
        blocked_by_job_id: null,
        conflict_reason: null,
        metadata: SWITCHYARD,
        just_now: true,
      },
    ]);
  });

  it("skips a pending job the coordinator claimed after the snapshot, or one otherwise changed", async () => {
    const [claimed, edited] = [25, 26].map(testId) as [string, string];
    await connection.sql.unsafe(jobSql(claimed, "pending", { queue_position: "1" }));
    await connection.sql.unsafe(jobSql(edited, "pending", { queue_position: "2" }));
    const editedItem = await seen(jobs, edited);
    await connection.sql`update jobs set conflict_reason = 'Job queue busy' where job_id = ${edited}`;
    expect(await apply(jobs, "cancel", [editedItem])).toEqual({ [edited]: "skipped" });
    const [editedRow] = await connection.sql`select status from jobs where job_id = ${edited}`;
    expect(editedRow?.status).toBe("pending");
    const [item] = await snapshotScope(
      connection,
      jobs,
      action(jobs, "cancel"),
      {
        queue: "image",
        filter: {},
        ids: [claimed],
      },
      10,
    );
    expect(item?.seenState).toBe("pending");
    await connection.sql`
      update jobs set status = 'running', started_at = now(), queue_position = null
      where job_id = ${claimed}`;
    expect(await apply(jobs, "cancel", [item as ActionItem])).toEqual({ [claimed]: "skipped" });
    const [row] = await connection.sql`select status from jobs where job_id = ${claimed}`;
    expect(row?.status).toBe("running");
    expect(await operatorLog(claimed)).toEqual([]);
  });
});

describe("jobs: unblock", () => {
  it("clears a block whose blocker finished or is missing, never one whose blocker still runs", async () => {
    const [doneBlocker, runningBlocker, finishedExecution, runningExecution] = [31, 32, 33, 34].map(
      testId,
    ) as [string, string, string, string];
    const blocked = (n: number) => testId(40 + n);
    const block = (by: string) => ({
      queue_position: "2",
      blocked_by_job_id: `'${by}'`,
      conflict_reason: `'Model flux-dev in use by job ${by}'`,
    });
    await connection.sql.unsafe(`
      ${jobSql(doneBlocker, "completed", { completed_at: "now() - interval '1 hour'" })}
      ${jobSql(runningBlocker, "running", { started_at: "now() - interval '1 minute'" })}
      insert into workflow_executions (id, workflow_id, total_steps, status) values
        ('${finishedExecution}', 'knight-style-img-to-video', 2, 'failed'),
        ('${runningExecution}', 'knight-style-img-to-video', 2, 'running');
      ${jobSql(blocked(1), "pending", block(doneBlocker))}
      ${jobSql(blocked(2), "pending", block(MISSING))}
      ${jobSql(blocked(3), "pending", block("workflow_123"))}
      ${jobSql(blocked(4), "pending", block(finishedExecution))}
      ${jobSql(blocked(5), "pending", block(runningBlocker))}
      ${jobSql(blocked(6), "pending", block(runningExecution))}
    `);
    const ids = [1, 2, 3, 4, 5, 6].map(blocked);
    const scope = await snapshotScope(
      connection,
      jobs,
      action(jobs, "unblock"),
      {
        queue: "image",
        filter: {},
        ids,
      },
      10,
    );
    expect(scope.map((item) => item.id)).toEqual(ids.slice(0, 4));
    const items = await Promise.all(ids.map((id) => seen(jobs, id)));
    expect(await apply(jobs, "unblock", items)).toEqual({
      [blocked(1)]: "changed",
      [blocked(2)]: "changed",
      [blocked(3)]: "changed",
      [blocked(4)]: "changed",
      [blocked(5)]: "skipped",
      [blocked(6)]: "skipped",
    });
    const rows = await connection.sql`
      select job_id::text, status, blocked_by_job_id, conflict_reason, queue_position
      from jobs where job_id in ${connection.sql(ids)} order by job_id`;
    expect(rows.slice(0, 4)).toEqual(
      ids.slice(0, 4).map((id) => ({
        job_id: id,
        status: "pending",
        blocked_by_job_id: null,
        conflict_reason: null,
        queue_position: 2,
      })),
    );
    expect(rows.slice(4).map((row) => row.blocked_by_job_id)).toEqual([
      runningBlocker,
      runningExecution,
    ]);
    expect(await operatorLog(blocked(1))).toEqual([
      {
        job_id: blocked(1),
        job_type: "normal",
        event_type: "unblocked",
        models: null,
        blocked_by_job_id: null,
        conflict_reason: null,
        metadata: SWITCHYARD,
        just_now: true,
      },
    ]);
    expect(await operatorLog(blocked(5))).toEqual([]);
  });

  it("skips the job when its blocker was revived between snapshot and action", async () => {
    const [blocker, waiting] = [51, 52].map(testId) as [string, string];
    await connection.sql.unsafe(`
      ${jobSql(blocker, "failed", { completed_at: "now() - interval '1 hour'" })}
      ${jobSql(waiting, "pending", { blocked_by_job_id: `'${blocker}'` })}
    `);
    const item = await seen(jobs, waiting);
    // Someone retries the blocker: the block is real again, though the blocked row did not change.
    await connection.sql`update jobs set status = 'pending' where job_id = ${blocker}`;
    expect(await apply(jobs, "unblock", [item])).toEqual({ [waiting]: "skipped" });
    const [row] =
      await connection.sql`select blocked_by_job_id from jobs where job_id = ${waiting}`;
    expect(row?.blocked_by_job_id).toBe(blocker);
    expect(await operatorLog(waiting)).toEqual([]);
  });

  it("skips a blocked job whose row changed since it was seen", async () => {
    const waiting = testId(53);
    await connection.sql.unsafe(
      jobSql(waiting, "pending", { blocked_by_job_id: `'${MISSING}'`, conflict_reason: "'busy'" }),
    );
    const item = await seen(jobs, waiting);
    await connection.sql`update jobs set conflict_reason = 'still busy' where job_id = ${waiting}`;
    expect(await apply(jobs, "unblock", [item])).toEqual({ [waiting]: "skipped" });
    const [row] = await connection.sql`
      select blocked_by_job_id, conflict_reason from jobs where job_id = ${waiting}`;
    expect(row).toEqual({ blocked_by_job_id: MISSING, conflict_reason: "still busy" });
  });
});

describe("jobs: clear coordinator slot", () => {
  it("frees the slot a finished job still holds, leaving the job as it is", async () => {
    const holder = testId(61);
    await connection.sql.unsafe(
      jobSql(holder, "completed", {
        job_type: "'video'",
        started_at: "now() - interval '42 minutes'",
        completed_at: "now() - interval '41 minutes'",
        progress: "100",
      }),
    );
    await setSlot(holder, "42 minutes");
    const before = await rest("jobs", "job_id", holder, ["updated_at"]);
    expect(await apply(jobs, "clear_coordinator_slot", [await seen(jobs, holder)])).toEqual({
      [holder]: "changed",
    });
    expect(await slotRow()).toEqual({
      active_job_id: null,
      active_job_type: null,
      active_models: [],
      started_at: null,
      updated_just_now: true,
    });
    expect(await rest("jobs", "job_id", holder, ["updated_at"])).toEqual(before);
    const log = await operatorLog(holder);
    expect(log).toMatchObject([
      {
        job_id: holder,
        job_type: "normal",
        event_type: "slot_cleared",
        models: ["motion-2.0-fast"],
        blocked_by_job_id: null,
        conflict_reason: null,
        just_now: true,
      },
    ]);
    const metadata = log[0]?.metadata as Record<string, unknown>;
    expect(metadata).toMatchObject(SWITCHYARD);
    expect(Object.keys(metadata).sort()).toEqual(["held_since", "operator", "reason", "source"]);
  });

  it("frees a slot held past the threshold by a running job, not one held for 5 minutes", async () => {
    const [recent, longRunning] = [62, 63].map(testId) as [string, string];
    await connection.sql.unsafe(`
      ${jobSql(recent, "running", { started_at: "now() - interval '5 minutes'" })}
      ${jobSql(longRunning, "running", { started_at: "now() - interval '20 minutes'" })}
    `);
    await setSlot(recent, "5 minutes");
    expect(await apply(jobs, "clear_coordinator_slot", [await seen(jobs, recent)])).toEqual({
      [recent]: "skipped",
    });
    expect((await slotRow())?.active_job_id).toBe(recent);

    await setSlot(longRunning, "20 minutes");
    expect(await apply(jobs, "clear_coordinator_slot", [await seen(jobs, longRunning)])).toEqual({
      [longRunning]: "changed",
    });
    expect((await slotRow())?.active_job_id).toBeNull();
    // The job itself keeps running: the slot no longer counts it.
    const [row] = await connection.sql`select status from jobs where job_id = ${longRunning}`;
    expect(row?.status).toBe("running");
  });

  it("skips when the slot moved on to another job after the snapshot", async () => {
    const [old, next] = [64, 65].map(testId) as [string, string];
    await connection.sql.unsafe(`
      ${jobSql(old, "completed", { completed_at: "now() - interval '30 minutes'" })}
      ${jobSql(next, "running", { started_at: "now()" })}
    `);
    await setSlot(old, "31 minutes");
    const item = await seen(jobs, old);
    await setSlot(next, "0 seconds");
    expect(await apply(jobs, "clear_coordinator_slot", [item])).toEqual({ [old]: "skipped" });
    expect((await slotRow())?.active_job_id).toBe(next);
    expect(await operatorLog(old)).toEqual([]);
    await setSlot(null, "0 seconds");
  });

  it("skips when the holder's own row changed since it was seen", async () => {
    const holder = testId(67);
    await connection.sql.unsafe(
      jobSql(holder, "completed", { completed_at: "now() - interval '30 minutes'" }),
    );
    await setSlot(holder, "31 minutes");
    const item = await seen(jobs, holder);
    await connection.sql`update jobs set thumbnail_url = 'https://cdn.example/t.jpg' where job_id = ${holder}`;
    expect(await apply(jobs, "clear_coordinator_slot", [item])).toEqual({ [holder]: "skipped" });
    expect((await slotRow())?.active_job_id).toBe(holder);
    expect(await operatorLog(holder)).toEqual([]);
    await setSlot(null, "0 seconds");
  });

  it("refuses, changing nothing, while the coordinator holds the slot row", async () => {
    const holder = testId(66);
    await connection.sql.unsafe(
      jobSql(holder, "failed", { completed_at: "now() - interval '30 minutes'" }),
    );
    await setSlot(holder, "31 minutes");
    const item = await seen(jobs, holder);
    const coordinator = postgres(database.url, { max: 1, onnotice: () => {} });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locking = coordinator.begin(async (tx) => {
      await tx`select 1 from job_queue_state where id = 1 for update`;
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await expect(apply(jobs, "clear_coordinator_slot", [item])).rejects.toBeInstanceOf(
      ActionRefusal,
    );
    expect(Date.now() - started).toBeLessThan(400);
    release();
    await locking;
    await coordinator.end();
    expect((await slotRow())?.active_job_id).toBe(holder);
    expect((await seen(jobs, holder)).seenVersion).toBe(item.seenVersion);
    expect(await operatorLog(holder)).toEqual([]);
    await setSlot(null, "0 seconds");
  });
});

describe("workflow executions (027 applied in full)", () => {
  const parent = testId(71);
  const failed = testId(72);
  const blocked = testId(73);
  const blocker = testId(74);

  beforeAll(async () => {
    await loadInto(
      connection.sql,
      "genai",
      `${jobSql(parent, "failed", {
        job_type: "'workflow'",
        completed_at: "now() - interval '10 minutes'",
        error_message: "'Workflow failed at step 2'",
      })}
       ${jobSql(blocker, "completed", { completed_at: "now() - interval '2 hours'" })}
       insert into workflow_executions (id, job_id, workflow_id, user_id, current_step, total_steps,
                                        status, checkpoints, error_info, retry_count,
                                        required_models, blocked_by_job_id)
       values
         ('${failed}', '${parent}', 'knight-style-img-to-video', null, 1, 2, 'failed',
          '{"0": {"status": "completed"}}', '{"error_type": "quota_exceeded", "step": 1}', 2,
          '["nano-banana-pro-leonardo", "motion-2.0-fast"]', null),
         ('${blocked}', '${parent}', 'knight-style-img-to-video', null, 0, 2, 'pending',
          '{}', null, 0, null, '${blocker}');`,
    );
  });

  it("retries a failed execution: pending, error_info cleared, retries and checkpoints kept", async () => {
    const stale = await seen(genaiExecutions, failed);
    await connection.sql`update genai.workflow_executions set retry_count = 2 where id = ${failed}`;
    expect(await apply(genaiExecutions, "retry", [stale])).toEqual({ [failed]: "skipped" });
    expect(await operatorLog(parent, "genai")).toEqual([]);
    const before = await rest("genai.workflow_executions", "id", failed, []);
    expect(await apply(genaiExecutions, "retry", [await seen(genaiExecutions, failed)])).toEqual({
      [failed]: "changed",
    });
    const written = ["status", "error_info", "updated_at"];
    const [row] = await connection.sql`
      select status, error_info, retry_count, current_step, checkpoints
      from genai.workflow_executions where id = ${failed}`;
    expect(row).toEqual({
      status: "pending",
      error_info: null,
      retry_count: 2,
      current_step: 1,
      checkpoints: { "0": { status: "completed" } },
    });
    const beforeRest = { ...(before as Record<string, unknown>) };
    for (const column of written) delete beforeRest[column];
    expect(await rest("genai.workflow_executions", "id", failed, written)).toEqual(beforeRest);
    // Logged under the parent job (job_queue_log is keyed by job), naming the execution.
    expect(await operatorLog(parent, "genai")).toEqual([
      {
        job_id: parent,
        job_type: "workflow",
        event_type: "requeued",
        models: ["nano-banana-pro-leonardo", "motion-2.0-fast"],
        blocked_by_job_id: null,
        conflict_reason: null,
        metadata: { ...SWITCHYARD, execution_id: failed },
        just_now: true,
      },
    ]);
  });

  it("unblocks an execution whose blocker completed, and skips one that changed meanwhile", async () => {
    const item = await seen(genaiExecutions, blocked);
    await connection.sql`update genai.workflow_executions set current_step = 0 where id = ${blocked}`;
    expect(await apply(genaiExecutions, "unblock", [item])).toEqual({ [blocked]: "skipped" });
    expect(await apply(genaiExecutions, "unblock", [await seen(genaiExecutions, blocked)])).toEqual(
      {
        [blocked]: "changed",
      },
    );
    const [row] = await connection.sql`
      select status, blocked_by_job_id from genai.workflow_executions where id = ${blocked}`;
    expect(row).toEqual({ status: "pending", blocked_by_job_id: null });
    const log = await operatorLog(parent, "genai");
    expect(
      log.map((entry) => [
        entry.event_type,
        (entry.metadata as { execution_id: string }).execution_id,
      ]),
    ).toEqual([
      ["requeued", failed],
      ["unblocked", blocked],
    ]);
  });

  it("genai jobs offer the same actions as public ones", () => {
    expect(genaiJobs.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
      "unblock",
      "clear_coordinator_slot",
    ]);
  });
});

describe("a database from before migration 027", () => {
  it("retries with the columns it has, offers no unblock or slot clearing, and finds stuck jobs", async () => {
    const failed = testId(81);
    await loadInto(connection.sql, "legacy", LEGACY_DDL);
    await loadInto(
      connection.sql,
      "legacy",
      `insert into jobs (job_id, status, prompt, job_type, started_at, completed_at, error_message, created_at)
       values ('${failed}', 'failed', 'a', 'image', now() - interval '2 hours', now() - interval '1 hour', 'boom',
               now() - interval '3 hours');`,
    );
    const { jobs: legacyJobs } = await sourcesIn("legacy");
    expect(legacyJobs.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
    ]);
    expect(action(legacyJobs, "retry").writes).toBe(
      "status = 'pending', started_at = null, completed_at = null, error_message = null; appends a 'requeued' event to job_queue_log",
    );
    expect(legacyJobs.actions?.unsupported.map((candidate) => candidate.code)).toEqual([
      "skip",
      "unblock",
      "clear_coordinator_slot",
    ]);
    expect(await apply(legacyJobs, "retry", [await seen(legacyJobs, failed)])).toEqual({
      [failed]: "changed",
    });
    const [row] = await connection.sql`
      select status, started_at, completed_at, error_message from legacy.jobs where job_id = ${failed}`;
    expect(row).toEqual({
      status: "pending",
      started_at: null,
      completed_at: null,
      error_message: null,
    });
    const found = await findStuck(
      connection,
      legacyJobs,
      ["image"],
      (code) => DEFAULT_THRESHOLDS[code],
    );
    expect(found.jobs.map((job) => [job.code, job.explanation])).toEqual([
      ["waiting_too_long", "ready for 3 h and not picked up; threshold 15 min"],
    ]);
  });
});
