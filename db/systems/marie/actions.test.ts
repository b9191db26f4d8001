import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { processItems } from "../../bulk/process-items";
import { snapshotScope } from "../../bulk/scope";
import { type ActionItem, applyAction } from "../../jobs/apply-action";
import { getJobRecord } from "../../jobs/get-job";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import type { Detection } from "../adapter";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { marieAdapter } from "./adapter";
import { marieJobSource } from "./job-source";
import { DAG_LIVE, id } from "./test-data";

const S = "sched_act";
const author = { name: "tester", reason: null };
const options = { lockTimeoutMs: 500 };

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;
let detection: Detection;

beforeAll(async () => {
  database = await createTestDatabase("marie_actions");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 6 });
  await connection.sql.unsafe(
    readSql(new URL("./fixture/", import.meta.url).href, "schema.sql", S),
  );
  await connection.sql.unsafe(`
    select ${S}.create_queue('extract', '{}');
    select ${S}.create_queue('race', '{}');
    insert into ${S}.dag (id, name, state) values ('${DAG_LIVE}', 'extract-CLM-1', 'active');`);
  const instance = instanceOf(
    await discoverSystems(testTarget({ url: database.url }), connection, [marieAdapter]),
    "marie",
  );
  detection = instance.detection;
  source = sourceOf(instance, "job");
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

function action(code: string, from: JobSource = source): JobAction {
  const found = from.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

interface JobRow {
  state: string;
  start_after_is_now: boolean;
  /** Timestamps arrive as text. */
  started_on: string | null;
  completed_on: string | null;
  completed_now: boolean;
  retry_count: number;
  output: unknown;
  lease_owner: string | null;
  lease_expires_at: string | null;
  run_owner: string | null;
  run_lease_expires_at: string | null;
  lease_epoch: number;
}

/** The job's columns an action may write; times written by the action are "now" if within 10 s. */
async function row(jobId: string): Promise<JobRow> {
  const [found] = await connection.sql<JobRow[]>`
    select state::text as state,
           start_after between now() - interval '10 seconds' and now() as start_after_is_now,
           started_on, completed_on,
           coalesce(completed_on between now() - interval '10 seconds' and now(), false) as completed_now,
           retry_count, output, lease_owner, lease_expires_at, run_owner, run_lease_expires_at,
           lease_epoch::int as lease_epoch
    from ${connection.sql(S)}.job where id = ${jobId}`;
  if (!found) throw new Error(`job ${jobId} not found`);
  return found;
}

interface HistoryRow {
  state: string;
  retry_count: number;
  started_on: string | null;
  completed_on: string | null;
  output: unknown;
}

/** The job_history rows of a job, oldest first. */
async function history(jobId: string): Promise<HistoryRow[]> {
  return connection.sql<HistoryRow[]>`
    select state::text as state, retry_count, started_on, completed_on, output
    from ${connection.sql(S)}.job_history where id = ${jobId} order by history_id`;
}

async function seen(jobId: string): Promise<ActionItem> {
  const job = await getJobRecord(connection, source, jobId);
  return { id: jobId, seenState: job?.rawState ?? null, seenVersion: job?.version ?? null };
}

async function apply(code: string, jobIds: string[], from: ActionItem[] = []) {
  const items = from.length > 0 ? from : await Promise.all(jobIds.map(seen));
  const result = await applyAction(connection, source, action(code), items, author, options);
  return Object.fromEntries(result.outcomes);
}

/** Inserts one job in queue `extract`; `columns` are SQL expressions by column name. */
async function insertJob(n: number, columns: Record<string, string>) {
  const all: Record<string, string> = {
    id: `'${id(n)}'`,
    name: "'extract'",
    dag_id: `'${DAG_LIVE}'`,
    retry_limit: "2",
    ...columns,
  };
  await connection.sql.unsafe(
    `insert into ${S}.job (${Object.keys(all).join(", ")}) values (${Object.values(all).join(", ")})`,
  );
}

const ACTIVE_EXPIRED = {
  state: "'active'",
  started_on: "now() - interval '20 minutes'",
  lease_owner: "'worker-7@gpu-node-3'",
  lease_expires_at: "now() - interval '5 minutes'",
  run_owner: "'worker-7@gpu-node-3'",
  run_lease_expires_at: "now() + interval '3 minutes'",
  lease_epoch: "4",
  output: `'{"error": "previous attempt: CUDA out of memory"}'`,
};
const ACTIVE_LIVE = {
  ...ACTIVE_EXPIRED,
  lease_expires_at: "now() + interval '30 seconds'",
  run_lease_expires_at: "now() + interval '5 minutes'",
};
const FAILED_EXHAUSTED = {
  state: "'failed'",
  retry_count: "2",
  started_on: "now() - interval '30 minutes'",
  completed_on: "now() - interval '29 minutes'",
  output: `'{"error": "ValueError: no classifier registered"}'`,
  lease_owner: "'worker-1@gpu-node-4'",
  lease_expires_at: "now() - interval '29 minutes'",
  run_owner: "'worker-1@gpu-node-4'",
  run_lease_expires_at: "now() - interval '25 minutes'",
  lease_epoch: "2",
};

describe("marie action declarations", () => {
  it("supports retry, cancel and release lease, each saying exactly what it writes", () => {
    expect(source.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
      "release_lease",
    ]);
    expect(action("retry").writes).toBe(
      "state = 'created', started_on = null, completed_on = null, lease_owner = null, lease_expires_at = null, start_after = now, run_owner = null, run_lease_expires_at = null, lease_epoch = lease_epoch + 1, output = null, retry_count = 0 if retry_count >= retry_limit, else unchanged",
    );
    expect(action("retry").from).toEqual(["failed", "cancelled", "skipped", "running", "unknown"]);
    expect(action("cancel").writes).toBe(
      "state = 'cancelled', completed_on = now, lease_owner = null, lease_expires_at = null, run_owner = null, run_lease_expires_at = null, lease_epoch = lease_epoch + 1",
    );
    expect(action("cancel").from).toEqual(["waiting", "scheduled", "blocked", "running"]);
    expect(action("release_lease").writes).toBe(
      `state = 'retry', start_after = now, completed_on = null, lease_owner = null, lease_expires_at = null, run_owner = null, run_lease_expires_at = null, lease_epoch = lease_epoch + 1, output = {"recovery": {"reason_code": "LEASE_RELEASED_BY_OPERATOR", previous owners}}`,
    );
    expect(action("release_lease").from).toEqual(["running"]);
  });

  it("says why there is no skip and no unblock", () => {
    expect(source.actions?.unsupported).toEqual([
      {
        code: "skip",
        why: "Marie has no skipped state (job_state: created, retry, active, completed, expired, cancelled, failed): cancel the job instead.",
      },
      {
        code: "unblock",
        why: "A blocked Marie job waits on its upstream jobs (job_dependencies), not on a block it holds: retry or cancel the upstream shown under “depends on”, or cancel this job.",
      },
    ]);
  });

  it("also clears run_attempt_id on a newer Marie, and writes no column a drifted table lacks", () => {
    const job = detection.tables.job;
    if (!job) throw new Error("no job table");
    const withAttempt = new Map(job.columns);
    withAttempt.set("run_attempt_id", { name: "run_attempt_id", type: "uuid", nullable: true });
    const newer = marieJobSource({
      ...detection,
      tables: { ...detection.tables, job: { ...job, columns: withAttempt } },
    });
    expect(newer && action("retry", newer).writes).toContain(
      "run_lease_expires_at = null, run_attempt_id = null, lease_epoch = lease_epoch + 1",
    );
    expect(newer && action("release_lease", newer).writes).toContain("run_attempt_id = null");

    const drifted = new Map(
      [...job.columns].filter(
        ([name]) => !["lease_owner", "lease_expires_at", "lease_epoch", "output"].includes(name),
      ),
    );
    const older = marieJobSource({
      ...detection,
      tables: { ...detection.tables, job: { ...job, columns: drifted } },
    });
    expect(older && action("retry", older).writes).toBe(
      "state = 'created', started_on = null, completed_on = null, run_owner = null, run_lease_expires_at = null, start_after = now, retry_count = 0 if retry_count >= retry_limit, else unchanged",
    );
    expect(older && action("release_lease", older).writes).toBe(
      "state = 'retry', start_after = now, completed_on = null, run_owner = null, run_lease_expires_at = null",
    );
  });
});

describe("marie actions write exactly their columns, and job_history records them", () => {
  it("retry resets a failed job that used its retries: created, due now, leases fenced", async () => {
    await insertJob(1, FAILED_EXHAUSTED);
    const before = (await history(id(1))).length;
    expect(await apply("retry", [id(1)])).toEqual({ [id(1)]: "changed" });
    expect(await row(id(1))).toEqual({
      state: "created",
      start_after_is_now: true,
      started_on: null,
      completed_on: null,
      completed_now: false,
      retry_count: 0,
      output: null,
      lease_owner: null,
      lease_expires_at: null,
      run_owner: null,
      run_lease_expires_at: null,
      lease_epoch: 3,
    });
    const rows = await history(id(1));
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      state: "created",
      retry_count: 0,
      started_on: null,
      completed_on: null,
      output: null,
    });
  });

  it("retry keeps the retry count of a job that has retries left (a cancelled one)", async () => {
    await insertJob(2, {
      state: "'cancelled'",
      retry_count: "1",
      completed_on: "now() - interval '8 minutes'",
    });
    expect(await apply("retry", [id(2)])).toEqual({ [id(2)]: "changed" });
    const after = await row(id(2));
    expect([after.state, after.retry_count, after.completed_on, after.lease_epoch]).toEqual([
      "created",
      1,
      null,
      1,
    ]);
    expect((await history(id(2))).at(-1)?.state).toBe("created");
  });

  it("retry takes a stuck active job from its worker: the worker's late completion matches nothing", async () => {
    await insertJob(3, ACTIVE_LIVE);
    expect(await apply("retry", [id(3)])).toEqual({ [id(3)]: "changed" });
    const after = await row(id(3));
    expect(after).toMatchObject({
      state: "created",
      started_on: null,
      lease_owner: null,
      run_owner: null,
      lease_epoch: 5,
      retry_count: 0,
    });
    // The worker completes as Marie's workers do: naming itself and the epoch it was given.
    const late = await connection.sql.unsafe(
      `update ${S}.job set state = 'completed', completed_on = now()
       where id = '${id(3)}' and state = 'active' and lease_owner = 'worker-7@gpu-node-3' and lease_epoch = 4`,
    );
    expect(late.count).toBe(0);
    expect((await history(id(3))).map((entry) => entry.state)).toEqual(["active", "created"]);
  });

  it("cancel closes a created job now and an active one with its leases fenced", async () => {
    await insertJob(4, { state: "'created'", start_after: "now() - interval '1 minute'" });
    await insertJob(5, ACTIVE_LIVE);
    expect(await apply("cancel", [id(4), id(5)])).toEqual({
      [id(4)]: "changed",
      [id(5)]: "changed",
    });
    expect(await row(id(4))).toMatchObject({
      state: "cancelled",
      completed_now: true,
      started_on: null,
      output: null,
      lease_epoch: 1,
    });
    expect(await row(id(5))).toMatchObject({
      state: "cancelled",
      completed_now: true,
      lease_owner: null,
      lease_expires_at: null,
      run_owner: null,
      run_lease_expires_at: null,
      lease_epoch: 5,
      retry_count: 0,
      output: { error: "previous attempt: CUDA out of memory" },
    });
    for (const job of [id(4), id(5)]) {
      const last = (await history(job)).at(-1);
      expect(last?.state).toBe("cancelled");
      expect(last?.completed_on).not.toBeNull();
    }
  });

  it("cancel refuses a completed job and retry refuses a waiting one (not states they apply to)", async () => {
    await insertJob(6, { state: "'completed'", completed_on: "now() - interval '1 minute'" });
    await insertJob(7, { state: "'created'" });
    expect(await apply("cancel", [id(6)])).toEqual({ [id(6)]: "skipped" });
    expect(await apply("retry", [id(7)])).toEqual({ [id(7)]: "skipped" });
    expect((await row(id(6))).state).toBe("completed");
    expect((await row(id(7))).state).toBe("created");
    expect(await history(id(6))).toHaveLength(1);
    expect(await history(id(7))).toHaveLength(1);
  });

  it("release lease puts an active job whose lease ran out back to retry, due now, saying why", async () => {
    await insertJob(8, ACTIVE_EXPIRED);
    // New-style activation: the acquisition lease was cleared, the run lease lapsed.
    await insertJob(9, {
      ...ACTIVE_EXPIRED,
      lease_owner: "null",
      lease_expires_at: "null",
      run_owner: "'worker-2@gpu-node-1'",
      run_lease_expires_at: "now() - interval '7 minutes'",
    });
    const { started_on: startedOn } = await row(id(8));
    expect(await apply("release_lease", [id(8), id(9)])).toEqual({
      [id(8)]: "changed",
      [id(9)]: "changed",
    });
    expect(await row(id(8))).toEqual({
      state: "retry",
      start_after_is_now: true,
      started_on: startedOn,
      completed_on: null,
      completed_now: false,
      retry_count: 0,
      output: {
        recovery: {
          reason_code: "LEASE_RELEASED_BY_OPERATOR",
          previous_lease_owner: "worker-7@gpu-node-3",
          previous_run_owner: "worker-7@gpu-node-3",
        },
      },
      lease_owner: null,
      lease_expires_at: null,
      run_owner: null,
      run_lease_expires_at: null,
      lease_epoch: 5,
    });
    expect((await row(id(9))).output).toEqual({
      recovery: {
        reason_code: "LEASE_RELEASED_BY_OPERATOR",
        previous_lease_owner: null,
        previous_run_owner: "worker-2@gpu-node-1",
      },
    });
    const last = (await history(id(8))).at(-1);
    expect(last?.state).toBe("retry");
    expect(last?.output).toMatchObject({ recovery: { reason_code: "LEASE_RELEASED_BY_OPERATOR" } });
  });

  it("release lease refuses an active job whose leases are both still valid", async () => {
    await insertJob(10, ACTIVE_LIVE);
    expect(await apply("release_lease", [id(10)])).toEqual({ [id(10)]: "skipped" });
    expect(await row(id(10))).toMatchObject({ state: "active", lease_epoch: 4 });
    expect(await history(id(10))).toHaveLength(1);
  });
});

describe("marie actions skip a job that changed between preview and action", () => {
  const cases: {
    code: string;
    n: number;
    columns: Record<string, string>;
    change: string;
    why: string;
  }[] = [
    {
      code: "retry",
      n: 20,
      columns: FAILED_EXHAUSTED,
      change: "state = 'created', retry_count = 0",
      why: "someone reset it (state)",
    },
    {
      code: "retry",
      n: 21,
      columns: FAILED_EXHAUSTED,
      change: `output = '{"error": "rewritten"}'`,
      why: "same state, new version",
    },
    {
      code: "cancel",
      n: 22,
      columns: { state: "'created'" },
      change: "state = 'active', lease_owner = 'w', lease_epoch = 1",
      why: "a worker claimed it (state)",
    },
    {
      code: "cancel",
      n: 23,
      columns: { state: "'created'" },
      change: "priority = 5",
      why: "same state, new version",
    },
    {
      code: "release_lease",
      n: 24,
      columns: ACTIVE_EXPIRED,
      change: "state = 'completed', completed_on = now()",
      why: "the worker finished after all (state)",
    },
    {
      code: "release_lease",
      n: 25,
      columns: ACTIVE_EXPIRED,
      change: "lease_expires_at = now() - interval '1 second'",
      why: "the worker renewed, same state, new version",
    },
  ];
  for (const { code, n, columns, change, why } of cases) {
    it(`${code}: ${why}`, async () => {
      await insertJob(n, columns);
      const preview = await seen(id(n));
      await connection.sql.unsafe(`update ${S}.job set ${change} where id = '${id(n)}'`);
      const changedRow = await row(id(n));
      const rows = await history(id(n));
      expect(await apply(code, [], [preview])).toEqual({ [id(n)]: "skipped" });
      expect(await row(id(n))).toEqual(changedRow);
      expect(await history(id(n))).toEqual(rows);
    });
  }
});

/** The history transitions Marie's workers and the console may make; anything else is a lost update. */
const ALLOWED_TRANSITIONS = new Set([
  "created>active", // a worker claims
  "created>cancelled", // console cancel
  "active>completed", // the worker completes (its own lease and epoch)
  "active>retry", // the worker fails with retries left
  "active>failed", // the worker fails for good
  "active>created", // console retry of a held job
  "failed>created", // console retry
  "retry>active", // a worker claims again
]);

describe("bulk retry and cancel racing a Marie worker", () => {
  it("never overwrites what the worker did, fences what it took, and accounts for every job", async () => {
    const { sql } = connection;
    const job = sql(S);
    const WORKER = "race-worker@gpu-node-1";
    const raceId = (n: number) => id(1000 + n);
    // 100 active on the worker (leases valid), 150 failed for good, 100 created and due. The
    // console works in id order, so its first retries meet the jobs the worker is finishing.
    await sql`
      insert into ${job}.job (id, name, dag_id, state, retry_limit, retry_count, start_after,
                              started_on, completed_on, output, lease_owner, lease_expires_at,
                              run_owner, run_lease_expires_at, lease_epoch)
      select ('00000000-0000-4000-8000-' || lpad((1000 + g)::text, 12, '0'))::uuid, 'race',
             ${DAG_LIVE}::uuid,
             (case when g <= 100 then 'active' when g <= 250 then 'failed' else 'created' end)::${job}.job_state,
             2, case when g > 100 and g <= 250 then 2 else 0 end,
             now() - interval '1 hour',
             case when g <= 250 then now() - interval '1 minute' end,
             case when g > 100 and g <= 250 then now() - interval '30 minutes' end,
             case when g > 100 and g <= 250 then '{"error": "HTTP 503"}'::jsonb end,
             case when g <= 100 then ${WORKER} end,
             case when g <= 100 then now() + interval '1 hour' end,
             case when g <= 100 then ${WORKER} end,
             case when g <= 100 then now() + interval '1 hour' end,
             case when g <= 100 then 1 else 0 end
      from generate_series(1, 350) g`;

    const retryScope = await snapshotScope(
      connection,
      source,
      action("retry"),
      { queue: "race", filter: {} },
      1000,
    );
    const cancelScope = await snapshotScope(
      connection,
      source,
      action("cancel"),
      { queue: "race", filter: { rawState: "created" } },
      1000,
    );
    // Retry covers the failed jobs and the active ones (a stuck job is retried from running).
    expect(retryScope).toHaveLength(250);
    expect(cancelScope).toHaveLength(100);

    // The worker: holds jobs by (id → lease_epoch it was given); finishes them naming its owner and
    // epoch, as Marie's fenced completion does; fails every fifth with Marie's retry semantics.
    // It finishes its first jobs from the highest id down, towards the console coming up.
    const held = new Map<string, number>();
    for (let n = 100; n >= 1; n--) held.set(raceId(n), 1);
    const completedByWorker = new Set<string>();
    const fenced = new Set<string>();
    let finishes = 0;
    const step = async () => {
      const batch = [...held].slice(0, 3);
      for (const [jobId] of batch) held.delete(jobId);
      const failing = batch.filter(() => ++finishes % 5 === 0);
      const completing = batch.filter((entry) => !failing.includes(entry));
      const pairs = (list: [string, number][]) =>
        JSON.stringify(list.map(([jobId, epoch]) => ({ id: jobId, epoch })));
      await sql.begin(async (tx) => {
        const done = await tx<{ id: string }[]>`
          update ${job}.job j set state = 'completed', completed_on = now(),
                 output = '{"status": "succeeded"}', lease_owner = null, lease_expires_at = null,
                 run_owner = null, run_lease_expires_at = null
          from jsonb_to_recordset(${pairs(completing)}::jsonb) as r(id uuid, epoch bigint)
          where j.id = r.id and j.state = 'active' and j.lease_owner = ${WORKER}
            and j.lease_epoch = r.epoch
          returning j.id::text as id`;
        const failed = await tx<{ id: string }[]>`
          update ${job}.job j set
            state = (case when j.retry_count < j.retry_limit then 'retry' else 'failed' end)::${job}.job_state,
            retry_count = least(j.retry_count + 1, j.retry_limit),
            completed_on = case when j.retry_count < j.retry_limit then null else now() end,
            start_after = now(), output = '{"error": "TimeoutError"}',
            lease_owner = null, lease_expires_at = null, run_owner = null, run_lease_expires_at = null
          from jsonb_to_recordset(${pairs(failing)}::jsonb) as r(id uuid, epoch bigint)
          where j.id = r.id and j.state = 'active' and j.lease_owner = ${WORKER}
            and j.lease_epoch = r.epoch
          returning j.id::text as id`;
        for (const { id: jobId } of done) completedByWorker.add(jobId);
        const landed = new Set([...done, ...failed].map((entry) => entry.id));
        for (const [jobId] of batch) if (!landed.has(jobId)) fenced.add(jobId);
      });
      // Claims due created/retry jobs (including ones the console just re-queued).
      const claimed = await sql<{ id: string; lease_epoch: number }[]>`
        update ${job}.job j set state = 'active', started_on = now(),
               lease_owner = ${WORKER}, lease_expires_at = now() + interval '1 hour',
               run_owner = ${WORKER}, run_lease_expires_at = now() + interval '1 hour',
               lease_epoch = coalesce(j.lease_epoch, 0) + 1
        where j.id in (select id from ${job}.job
                       where name = 'race' and state in ('created', 'retry') and start_after <= now()
                       order by start_after, id limit 3 for update skip locked)
        returning j.id::text as id, j.lease_epoch::int as lease_epoch`;
      for (const entry of claimed) held.set(entry.id, entry.lease_epoch);
    };

    // One step before the console starts, so some snapshots are stale for certain; then both run.
    await step();
    let running = true;
    const worker = (async () => {
      while (running) {
        await step();
        // Paced like a worker doing real work, so the console's batches interleave with its steps.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const [retried, cancelled] = await Promise.all([
      processItems(connection, source, action("retry"), retryScope, author, { batchSize: 17 }),
      processItems(connection, source, action("cancel"), cancelScope, author, { batchSize: 13 }),
    ]);
    running = false;
    await worker;
    // Let the worker drain what it holds, so every fenced attempt is known.
    while (held.size > 0) await step();

    // Every job in scope is accounted for: changed or skipped, never both.
    const accounted = (scope: ActionItem[], result: { changed: string[]; skipped: string[] }) => {
      expect(result.changed.length + result.skipped.length).toBe(scope.length);
      expect(new Set([...result.changed, ...result.skipped])).toEqual(
        new Set(scope.map((item) => item.id)),
      );
    };
    accounted(retryScope, retried);
    accounted(cancelScope, cancelled);
    expect(completedByWorker.size).toBeGreaterThan(0);
    expect(retried.skipped.length).toBeGreaterThan(0);
    expect(cancelled.skipped.length).toBeGreaterThan(0);
    expect(cancelled.changed.length).toBeGreaterThan(0);

    const states = new Map(
      (
        await sql<{ id: string; state: string }[]>`
          select id::text as id, state::text as state from ${job}.job where name = 'race'`
      ).map((entry) => [entry.id, entry.state]),
    );
    const timelines = new Map<string, string[]>();
    for (const entry of await sql<{ id: string; state: string }[]>`
      select id::text as id, state::text as state from ${job}.job_history
      where name = 'race' order by history_id`) {
      timelines.set(entry.id, [...(timelines.get(entry.id) ?? []), entry.state]);
    }

    for (const [jobId, timeline] of timelines) {
      // Every change in job_history is a move a worker or the console may make (no lost update).
      for (let i = 1; i < timeline.length; i++) {
        expect(ALLOWED_TRANSITIONS, `${jobId}: ${timeline.join(" > ")}`).toContain(
          `${timeline[i - 1]}>${timeline[i]}`,
        );
      }
      // Nothing ran to completion twice, and nothing followed a completion (not reset after it).
      const completions = timeline.filter((state) => state === "completed").length;
      expect(completions, jobId).toBeLessThanOrEqual(1);
      if (completions === 1) expect(timeline.at(-1), jobId).toBe("completed");
    }
    // What the worker completed stays completed.
    for (const jobId of completedByWorker) expect(states.get(jobId), jobId).toBe("completed");
    // A job the console cancelled was never claimed, before or after: it stays cancelled.
    for (const jobId of cancelled.changed) {
      expect(states.get(jobId), jobId).toBe("cancelled");
      expect(timelines.get(jobId), jobId).toEqual(["created", "cancelled"]);
    }
    // Every worker finish that did not land was on a job the console retried out from under it.
    expect(fenced.size).toBeGreaterThan(0);
    const retriedIds = new Set(retried.changed);
    for (const jobId of fenced) expect(retriedIds.has(jobId), jobId).toBe(true);
    // Each retry the console made shows once in the job's history, after its failure or hold.
    for (const jobId of retried.changed) {
      const timeline = timelines.get(jobId) ?? [];
      const reset = timeline.findIndex(
        (state, i) =>
          state === "created" && i > 0 && ["failed", "active"].includes(timeline[i - 1] ?? ""),
      );
      expect(reset, `${jobId}: ${timeline.join(" > ")}`).toBeGreaterThan(0);
    }
  });
});
