import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CuttableProxy, startCuttableProxy } from "@/e2e/support/cuttable-proxy";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { connectHome, type HomeDatabase } from "../connect-home";
import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import { migrateHome } from "../migrate-home";
import { bulkOperationBatches, bulkOperations } from "../schema";
import { discoverSystems } from "../systems/discover";
import { readSql } from "../systems/fixture";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { claimBatch } from "./claim-batch";
import { createOperation } from "./create-operation";
import { snapshotScope } from "./scope";
import { workOnce } from "./work-once";

/**
 * A target that goes away in the middle of a bulk operation, through a proxy the test cuts: the
 * operation pauses with the reason, fails no job, and resumes by itself when the target is back,
 * every job written once; also when the connection breaks between a batch's prepare and commit.
 */
let database: TestDatabase;
let direct: PostgresConnection;
let proxied: PostgresConnection;
let proxy: CuttableProxy;
let home: HomeDatabase;
let source: JobSource;
let retry: JobAction;
const worker = { id: "worker-a", leaseSeconds: 30 };

beforeAll(async () => {
  database = await createTestDatabase("bulk_outage");
  await migrateHome(database.url);
  home = connectHome(database.url, 3);
  direct = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await direct.sql.unsafe(
    readSql(new URL("../systems/coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
  await direct.sql.unsafe(`
    create table job_writes (id uuid not null);
    create function log_job_write() returns trigger language plpgsql as $$
      begin insert into job_writes values (new.id); return new; end $$;
    create trigger log_job_write after update on queue
      for each row execute function log_job_write();
    -- Armed by a test: the next target commit, or the next batch marked prepared, takes 2 s.
    create table slow (what text primary key);
    create function slow_once() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'queue' or new.status = 'prepared' then
          delete from slow where what = tg_table_name;
          if found then perform pg_sleep(2); end if;
        end if;
        return new;
      end $$;
    create constraint trigger slow_commit after update on queue
      deferrable initially deferred for each row execute function slow_once();
    create trigger slow_prepare before update on switchyard.bulk_operation_batches
      for each row execute function slow_once();`);
  const url = new URL(database.url);
  proxy = await startCuttableProxy(0, { host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  proxied = connectPostgres(url.toString(), {
    statementTimeoutMs: 10_000,
    poolSize: 2,
    applicationName: "outage-target",
  });
  source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), direct), "coach-artie"),
    "queue",
  );
  const found = source.actions?.supported.find((action) => action.code === "retry");
  if (!found) throw new Error("no retry");
  retry = found;
});

afterAll(async () => {
  await proxy?.close();
  await closeConnection(proxied);
  await closeConnection(direct);
  await home.sql.end();
  await database.drop();
});

beforeEach(async () => {
  await direct.sql`truncate queue, job_writes, slow`;
  await direct.sql`
    insert into queue (status, task_type, error_message)
    select 'failed', 'outage', 'HTTP 503' from generate_series(1, 120)`;
});

afterEach(async () => {
  await proxy.restore().catch(() => {});
});

async function newOperation(): Promise<string> {
  const items = await snapshotScope(direct, source, retry, { queue: "outage", filter: {} }, 1000);
  return createOperation(home.db, {
    target: "billing",
    system: "coach-artie",
    source: "queue",
    queue: "outage",
    action: "retry",
    scope: {},
    items,
    createdBy: "tester",
    reason: null,
    batchSize: 10,
    pauseMs: 0,
  });
}

async function operation(id: string) {
  const [row] = await home.db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  if (!row) throw new Error(`no operation ${id}`);
  return row;
}

/** A worker working rounds until the operation ends, trying again every 100 ms while paused. */
function workInBackground(id: string): Promise<void> {
  const resolve = async () => ({ connection: proxied, source, action: retry });
  return (async () => {
    const deadline = Date.now() + 25_000;
    while ((await operation(id)).status !== "done") {
      if (Date.now() > deadline)
        throw new Error(`did not finish: ${JSON.stringify(await operation(id))}`);
      const round = await workOnce(home.db, worker, resolve, { retryDelayMs: 100 });
      if (!round.batch) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
}

async function until(what: string, condition: () => Promise<boolean>) {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function committedBatches(id: string) {
  const rows = await home.db
    .select()
    .from(bulkOperationBatches)
    .where(eq(bulkOperationBatches.operationId, id));
  return rows.filter((row) => row.status === "committed").length;
}

/** [jobs written on the target, jobs written more than once]. */
async function writes(): Promise<[number, number]> {
  const [row] = (await direct.sql`
    select count(*)::int as jobs, count(*) filter (where n > 1)::int as twice
    from (select id, count(*) as n from job_writes group by id) per_job`) as unknown as [
    { jobs: number; twice: number },
  ];
  return [row.jobs, row.twice];
}

/** A backend of the test database asleep in slow_once(), by its application name. */
async function asleep(application: string): Promise<boolean> {
  const rows = await direct.sql`
    select 1 from pg_stat_activity
    where datname = current_database() and application_name = ${application}
      and wait_event = 'PgSleep'`;
  return rows.length > 0;
}

async function expectEveryJobWrittenOnce(id: string) {
  expect(await operation(id)).toMatchObject({
    status: "done",
    total: 120,
    changed: 120,
    skipped: 0,
    failed: 0,
    lastError: null,
    pausedAt: null,
  });
  expect(await writes()).toEqual([120, 0]);
}

describe("a bulk operation whose target goes away", () => {
  it("pauses with the reason, fails no job, and resumes by itself when the target is back", async () => {
    const id = await newOperation();
    const working = workInBackground(id);
    await until("three batches committed", async () => (await committedBatches(id)) >= 3);
    await proxy.cut();

    await until("paused", async () => (await operation(id)).status === "paused");
    const paused = await operation(id);
    expect(paused.lastError).toMatch(/^Target "billing" could not be reached \(.+\); trying again/);
    expect(paused.pausedAt).toBeInstanceOf(Date);
    expect(paused.failed).toBe(0);
    expect(paused.changed).toBeLessThan(120);
    // No other worker starts a batch of it meanwhile.
    expect(await claimBatch(home.db, { id: "worker-b", leaseSeconds: 30 })).toBeNull();

    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
  });

  it("counts a batch whose commit went through while the connection broke, once", async () => {
    const id = await newOperation();
    await until("one batch committed", async () => {
      await workOnce(home.db, worker, async () => ({
        connection: proxied,
        source,
        action: retry,
      }));
      return (await committedBatches(id)) >= 1;
    });
    await direct.sql`insert into slow values ('queue')`;
    const working = workInBackground(id);
    // The target is committing (asleep in a deferred trigger) when the connection breaks.
    await until("a commit in progress", () => asleep("outage-target"));
    await proxy.cut();
    await until("paused", async () => (await operation(id)).status === "paused");
    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
  });

  it("applies again a batch prepared but never committed because the connection broke", async () => {
    const id = await newOperation();
    await direct.sql`insert into slow values ('bulk_operation_batches')`;
    const working = workInBackground(id);
    // The batch is being recorded prepared, its target transaction open, when the connection breaks.
    await until("a batch being prepared", () => asleep("switchyard-home"));
    await proxy.cut();
    await until("paused", async () => (await operation(id)).status === "paused");
    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
    const [first] = await home.db
      .select()
      .from(bulkOperationBatches)
      .where(eq(bulkOperationBatches.operationId, id))
      .orderBy(bulkOperationBatches.batch)
      .limit(1);
    expect(first).toMatchObject({ batch: 1, status: "committed", changed: 10 });
  });
});
