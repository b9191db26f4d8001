import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { processItems } from "../../bulk/process-items";
import { snapshotScope } from "../../bulk/scope";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { maintenanceAgentAdapter } from "./adapter";
import { memoryId } from "./test-support";

/**
 * The maintenance agent racing Switchyard. The memory source supports one action (retry), so two
 * bulk retries run over overlapping scopes; the review queue's reject races a human reviewer.
 * Every write to either table is logged by a trigger with the writer's application_name, so the
 * assertions read the order of events, not just the end state.
 */

let database: TestDatabase;
let connection: PostgresConnection;
let agent: postgres.Sql;
let memory: JobSource;
let review: JobSource;
const author = { name: "dana@ops", reason: "Bulk reject from the race test" };

const FAILED = range(1, 160);
const ABANDONED = range(161, 200);
const PENDING = range(201, 260);
const COMPLETED = range(261, 300);
const STAGES = ["extraction", "discovery", "inference", "queueing"];

/** Holds each batch's locks a moment, as a slower network would, so the agent runs into them. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

beforeAll(async () => {
  database = await createTestDatabase("maintenance_agent_race");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 6 });
  const fixture = new URL("./fixture/", import.meta.url).href;
  await connection.sql.unsafe(readSql(fixture, "shared-schema.sql"));
  await connection.sql.unsafe(readSql(fixture, "schema.sql"));
  await connection.sql.unsafe(`
    create table race_log (
      seq bigserial primary key, tbl text, job_id uuid, who text,
      old_status text, new_status text, old_stage text, new_stage text
    );
    create function log_memory() returns trigger language plpgsql as $$ begin
      insert into race_log (tbl, job_id, who, old_status, new_status, old_stage, new_stage)
      values ('memory', new.id, current_setting('application_name'), old.processing_status,
              new.processing_status, old.processing_stage, new.processing_stage);
      return new; end $$;
    create function log_review() returns trigger language plpgsql as $$ begin
      insert into race_log (tbl, job_id, who, old_status, new_status)
      values ('review', new.id, current_setting('application_name'), old.status, new.status);
      return new; end $$;
    create trigger memory_log after update on maintenance_agent_memory
      for each row execute function log_memory();
    create trigger review_log after update on maintenance_tasks_queue
      for each row execute function log_review();

    insert into systems (asset_uid, description)
    select ('5a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'system ' || g
    from generate_series(1, 300) g;
    insert into maintenance_agent_memory (id, asset_uid, processing_status, processing_stage, created_at, updated_at)
    select ('3e000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
           ('5a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
           case when g <= 160 then 'failed' when g <= 200 then 'in_progress'
                when g <= 260 then 'pending' else 'completed' end,
           case when g <= 160 then 'error' when g <= 200 then 'discovery'
                when g <= 260 then 'not_started' else 'completed' end,
           now() - interval '3 days',
           case when g <= 160 then now() - make_interval(mins => 30 + g)
                when g <= 200 then now() - interval '2 hours'
                else now() - make_interval(secs => g) end
    from generate_series(1, 300) g;
    insert into maintenance_tasks_queue (id, asset_uid, description, status, confidence, created_at)
    select ('7a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
           ('5a000000-0000-4000-8000-' || lpad((1 + g % 300)::text, 12, '0'))::uuid,
           'Task ' || g, 'pending', 0.5 + (g % 50) / 100.0, now() - make_interval(mins => g)
    from generate_series(1, 240) g;
  `);
  agent = postgres(database.url, {
    max: 3,
    onnotice: () => {},
    connection: { application_name: "agent" },
  });
  const instance = instanceOf(
    await discoverSystems(testTarget({ url: database.url }), connection, [maintenanceAgentAdapter]),
    "maintenance-agent",
  );
  memory = sourceOf(instance, "memory");
  review = sourceOf(instance, "review");
});

afterAll(async () => {
  await agent?.end();
  if (connection) await closeConnection(connection);
  if (database) await database.drop();
});

function action(source: JobSource, code: string): JobAction {
  const found = source.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`${source.id} has no ${code}`);
  return found;
}

interface LogEntry {
  seq: number;
  job_id: string;
  who: string;
  old_status: string;
  new_status: string;
  old_stage: string | null;
  new_stage: string | null;
}

/**
 * The agent as it really writes: a claim (pending, or failed for a while, → in_progress) in one
 * statement, then one write per stage and a final completed/failed, each by id alone with no check
 * of the status (its upsertMemory does the same). Had the console reset a row under a run, these
 * writes would land on a pending row, and the log would show it.
 */
class Agent {
  readonly completed = new Set<string>();
  private readonly running = new Map<string, number>();
  private rolls = 0;

  async claim(limit: number, only?: readonly string[]): Promise<string[]> {
    const rows = await agent<{ id: string }[]>`
      update maintenance_agent_memory
      set processing_status = 'in_progress', processing_stage = 'extraction', updated_at = now()
      where id in (
        select id from maintenance_agent_memory
        where (processing_status = 'pending'
               or (processing_status = 'failed' and updated_at < now() - interval '15 minutes'))
          ${only ? agent`and id in ${agent(only as string[])}` : agent``}
        order by random() limit ${limit}
        for update skip locked)
      returning id`;
    for (const row of rows) this.running.set(row.id, 0);
    return rows.map((row) => row.id);
  }

  /** Moves every run one stage on; a run past its last stage completes (one in eight fails). */
  async step(): Promise<void> {
    for (const [id, stage] of [...this.running]) {
      if (stage + 1 < STAGES.length) {
        await agent`
          update maintenance_agent_memory
          set processing_stage = ${STAGES[stage + 1] as string}, updated_at = now() where id = ${id}`;
        this.running.set(id, stage + 1);
        continue;
      }
      this.running.delete(id);
      if (++this.rolls % 8 === 0) {
        await agent`
          update maintenance_agent_memory
          set processing_status = 'failed', processing_stage = 'error', updated_at = now()
          where id = ${id}`;
      } else {
        await agent`
          update maintenance_agent_memory
          set processing_status = 'completed', processing_stage = 'completed',
              last_manual_extraction = now(), total_tasks_found = 3, updated_at = now()
          where id = ${id}`;
        this.completed.add(id);
      }
    }
  }

  async finish(ids: readonly string[], status: "completed" | "failed"): Promise<void> {
    for (const id of ids) {
      this.running.delete(id);
      await agent`
        update maintenance_agent_memory
        set processing_status = ${status}, processing_stage = ${status === "failed" ? "error" : "completed"},
            updated_at = ${status === "failed" ? agent`now() - interval '1 hour'` : agent`now()`}
        where id = ${id}`;
      if (status === "completed") this.completed.add(id);
    }
  }

  get busy(): boolean {
    return this.running.size > 0;
  }
}

describe("bulk retries racing the maintenance agent", () => {
  it("loses no update, never resets a run or a completion, and accounts for every job", async () => {
    const retry = action(memory, "retry");
    const id = memoryId;
    // Two operators, two overlapping scopes, both previewed before anything moves:
    // A: every failed system; B: systems 81-200 (failed 81-160 and the abandoned runs 161-200).
    const scopeA = await snapshotScope(
      connection,
      memory,
      retry,
      { queue: "system-processing", filter: { rawState: "failed" } },
      1000,
    );
    const scopeB = await snapshotScope(
      connection,
      memory,
      retry,
      { queue: "system-processing", filter: {}, ids: range(81, 200).map(id) },
      1000,
    );
    expect(scopeA.map((item) => item.id)).toEqual(FAILED.map(id));
    expect(scopeB.map((item) => item.id)).toEqual(range(81, 200).map(id));

    // After the previews, before the actions: the agent claims some failed systems in scope and
    // runs them to completion, and re-runs others that fail again (same raw state, new version).
    const worker = new Agent();
    const claimedEarly = [...range(1, 10), ...range(81, 85)].map(id);
    const failedAgain = range(11, 15).map(id);
    expect(await worker.claim(20, [...claimedEarly, ...failedAgain])).toHaveLength(20);
    await worker.finish(range(81, 85).map(id), "completed");
    await worker.finish(failedAgain, "failed");

    let consoleDone = false;
    const agentLoop = (async () => {
      while (!consoleDone || worker.busy) {
        if (!consoleDone) await worker.claim(6);
        await worker.step();
      }
    })();
    const [a, b] = await Promise.all([
      processItems(connection, memory, retry, scopeA, author, {
        batchSize: 11,
        beforeCommit: pause,
      }),
      processItems(connection, memory, retry, scopeB, author, {
        batchSize: 7,
        beforeCommit: pause,
      }),
    ]).finally(() => {
      consoleDone = true;
    });
    await agentLoop;

    // Every job in scope is accounted for, once.
    expect([...a.changed, ...a.skipped].sort()).toEqual(FAILED.map(id));
    expect([...b.changed, ...b.skipped].sort()).toEqual(range(81, 200).map(id));
    expect(a.changed.filter((changed) => b.changed.includes(changed))).toEqual([]);
    // What the agent did after the preview wins over both operators.
    for (const early of [...claimedEarly, ...failedAgain]) expect(a.skipped).toContain(early);
    for (const early of range(81, 85).map(id)) expect(b.skipped).toContain(early);
    // Nothing but B touches the abandoned runs, so B retries all of them.
    for (const abandoned of ABANDONED.map(id)) expect(b.changed).toContain(abandoned);
    expect(a.changed.length).toBeGreaterThan(0);
    expect(worker.completed.size).toBeGreaterThan(5);

    const log = await connection.sql<LogEntry[]>`
      select seq::int, job_id::text, who, old_status, new_status, old_stage, new_stage
      from race_log where tbl = 'memory' order by seq`;
    const consoleWrites = log.filter((entry) => entry.who === "switchyard");
    const agentWrites = log.filter((entry) => entry.who === "agent");
    expect(consoleWrites.length + agentWrites.length).toBe(log.length);

    // The console wrote exactly the jobs it reports changed, each once, each as the operator saw it.
    expect(consoleWrites.map((entry) => entry.job_id).sort()).toEqual(
      [...a.changed, ...b.changed].sort(),
    );
    for (const write of consoleWrites) {
      expect(write).toMatchObject({ new_status: "pending", new_stage: "not_started" });
      if (write.old_status === "in_progress") expect(ABANDONED.map(id)).toContain(write.job_id);
      else expect(write).toMatchObject({ old_status: "failed", old_stage: "error" });
      // Nothing the agent wrote to this job after the preview came before the console's write.
      const earlier = agentWrites.filter(
        (entry) => entry.job_id === write.job_id && entry.seq < write.seq,
      );
      expect(earlier, write.job_id).toEqual([]);
    }

    // The agent's own writes follow its own life cycle on every job: a claim from pending or
    // failed, stage writes and a finish on a row it is running. A console reset under a run would
    // show up here as a stage or finish written over a pending row.
    const byJob = new Map<string, LogEntry[]>();
    for (const entry of log) byJob.set(entry.job_id, [...(byJob.get(entry.job_id) ?? []), entry]);
    for (const [job, entries] of byJob) {
      let inRun = false;
      for (const entry of entries) {
        if (entry.who === "switchyard") {
          expect(inRun, `${job}: console wrote during a live run`).toBe(false);
          continue;
        }
        if (!inRun) {
          expect(entry, `${job}: agent wrote outside a run`).toMatchObject({
            new_status: "in_progress",
            new_stage: "extraction",
          });
          expect(["pending", "failed"]).toContain(entry.old_status);
          inRun = true;
          continue;
        }
        expect(entry.old_status, `${job}: agent's run was reset under it`).toBe("in_progress");
        if (entry.new_status !== "in_progress") inRun = false;
      }
    }

    // Nothing the agent completed was reset; completed systems outside every scope were not touched.
    const finals = new Map(
      (
        await connection.sql<{ id: string; status: string }[]>`
          select id::text, processing_status as status from maintenance_agent_memory`
      ).map((row) => [row.id, row.status]),
    );
    for (const done of worker.completed) expect(finals.get(done), done).toBe("completed");
    for (const done of COMPLETED.map(id)) expect(byJob.has(done)).toBe(false);
    // Every pending system the agent found was claimed by it, never by the console.
    for (const pending of PENDING.map(id)) {
      expect((byJob.get(pending) ?? []).every((entry) => entry.who === "agent")).toBe(true);
    }
  });
});

describe("bulk reject racing a reviewer", () => {
  it("never overwrites a reviewer's decision, and stamps only the tasks it rejected", async () => {
    const reject = action(review, "cancel");
    const scope = await snapshotScope(
      connection,
      review,
      reject,
      { queue: "review", filter: { rawState: "pending" } },
      1000,
    );
    expect(scope).toHaveLength(240);

    // The reviewer works from the top of the review list (highest confidence first), approving.
    const approved = new Set<string>();
    let done = false;
    const reviewer = (async () => {
      while (!done) {
        const rows = await agent<{ id: string }[]>`
          update maintenance_tasks_queue
          set status = 'approved', reviewed_at = now(), reviewed_by = 'admin', updated_at = now()
          where id in (select id from maintenance_tasks_queue where status = 'pending'
                       order by confidence desc, created_at desc limit 4 for update skip locked)
          returning id`;
        for (const row of rows) approved.add(row.id);
        if (rows.length === 0) break;
      }
    })();
    const result = await processItems(connection, review, reject, scope, author, {
      batchSize: 9,
    }).finally(() => {
      done = true;
    });
    await reviewer;

    expect(result.changed.length + result.skipped.length).toBe(240);
    expect(approved.size).toBeGreaterThan(0);
    expect(result.changed.length).toBeGreaterThan(0);
    expect(result.changed.filter((changed) => approved.has(changed))).toEqual([]);

    const rows = await connection.sql<
      { id: string; status: string; reviewed_by: string | null; review_notes: string | null }[]
    >`select id::text, status, reviewed_by, review_notes from maintenance_tasks_queue`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const task of approved) {
      expect(byId.get(task)).toMatchObject({
        status: "approved",
        reviewed_by: "admin",
        review_notes: null,
      });
    }
    for (const task of result.changed) {
      expect(byId.get(task)).toMatchObject({
        status: "rejected",
        reviewed_by: "dana@ops",
        review_notes: "Bulk reject from the race test",
      });
    }
    // Every task was decided once, by one of the two.
    expect(approved.size + result.changed.length).toBe(240);
    const log = await connection.sql<{ job_id: string; n: number }[]>`
      select job_id::text, count(*) filter (where old_status = 'pending')::int as n
      from race_log where tbl = 'review' group by job_id`;
    expect(log.every((entry) => entry.n === 1)).toBe(true);
  });
});
