import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CuttableProxy, startCuttableProxy } from "@/e2e/support/cuttable-proxy";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { claimBatch } from "./claim-batch";
import { type BulkTarget, setUpBulkTarget } from "./testing/bulk-target";
import { workOnce } from "./work-once";

/**
 * A target that goes away in the middle of a bulk operation, through a proxy the test cuts: the
 * operation pauses with the reason, fails no job, and resumes by itself when the target is back,
 * every job written once; also when the connection breaks between a batch's prepare and commit.
 */
let t: BulkTarget;
let proxied: PostgresConnection;
let proxy: CuttableProxy;
const worker = { id: "worker-a", leaseSeconds: 30 };

beforeAll(async () => {
  t = await setUpBulkTarget("bulk_outage");
  // Armed by a test: the next target commit, or the next batch marked prepared, takes 2 s.
  await t.connection.sql.unsafe(`
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
  const url = new URL(t.database.url);
  proxy = await startCuttableProxy(0, { host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  proxied = connectPostgres(url.toString(), {
    statementTimeoutMs: 10_000,
    poolSize: 2,
    applicationName: "outage-target",
  });
});

afterAll(async () => {
  await proxy?.close();
  await closeConnection(proxied);
  await t.close();
});

beforeEach(async () => {
  await t.refill();
  await t.connection.sql`truncate slow`;
});

afterEach(async () => {
  await proxy.restore().catch(() => {});
});

/** A worker working rounds until the operation ends, trying again every 100 ms while paused. */
function workInBackground(id: string): Promise<void> {
  const resolve = async () => ({ connection: proxied, source: t.source, action: t.retry });
  return (async () => {
    const deadline = Date.now() + 50_000;
    while ((await t.operation(id)).status !== "done") {
      if (Date.now() > deadline)
        throw new Error(`did not finish: ${JSON.stringify(await t.operation(id))}`);
      const round = await workOnce(t.home.db, worker, resolve, {
        retryDelayMs: 100,
        attemptDeadlineMs: 8_000,
      });
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
  return (await t.batchesOf(id)).filter((row) => row.status === "committed").length;
}

/** A backend of the test database asleep in slow_once(), by its application name. */
async function asleep(application: string): Promise<boolean> {
  const rows = await t.connection.sql`
    select 1 from pg_stat_activity
    where datname = current_database() and application_name = ${application}
      and wait_event = 'PgSleep'`;
  return rows.length > 0;
}

async function expectEveryJobWrittenOnce(id: string) {
  expect(await t.operation(id)).toMatchObject({
    status: "done",
    total: 120,
    changed: 120,
    skipped: 0,
    failed: 0,
    lastError: null,
    pausedAt: null,
  });
  expect(await t.writes()).toEqual([120, 0]);
}

describe("a bulk operation whose target goes away", { timeout: 60_000 }, () => {
  it("pauses with the reason, fails no job, and resumes by itself when the target is back", async () => {
    const id = await t.newOperation(10);
    const working = workInBackground(id);
    await until("three batches committed", async () => (await committedBatches(id)) >= 3);
    await proxy.cut();

    await until("paused", async () => (await t.operation(id)).status === "paused");
    const paused = await t.operation(id);
    expect(paused.lastError).toMatch(/^Target "t" could not be reached \(.+\); trying again/);
    expect(paused.pausedAt).toBeInstanceOf(Date);
    expect(paused.failed).toBe(0);
    expect(paused.changed).toBeLessThan(120);
    // No other worker starts a batch of it meanwhile.
    expect(await claimBatch(t.home.db, { id: "worker-b", leaseSeconds: 30 })).toBeNull();

    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
  });

  it("counts a batch whose commit went through while the connection broke, once", async () => {
    const id = await t.newOperation(10);
    await until("one batch committed", async () => {
      await workOnce(t.home.db, worker, async () => ({
        connection: proxied,
        source: t.source,
        action: t.retry,
      }));
      return (await committedBatches(id)) >= 1;
    });
    await t.connection.sql`insert into slow values ('queue')`;
    const working = workInBackground(id);
    // The target is committing (asleep in a deferred trigger) when the connection breaks.
    await until("a commit in progress", () => asleep("outage-target"));
    await proxy.cut();
    await until("paused", async () => (await t.operation(id)).status === "paused");
    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
  });

  it("applies again a batch prepared but never committed because the connection broke", async () => {
    const id = await t.newOperation(10);
    await t.connection.sql`insert into slow values ('bulk_operation_batches')`;
    const working = workInBackground(id);
    // The batch is being recorded prepared, its target transaction open, when the connection breaks.
    await until("a batch being prepared", () => asleep("switchyard-home"));
    await proxy.cut();
    await until("paused", async () => (await t.operation(id)).status === "paused");
    await proxy.restore();
    await working;
    await expectEveryJobWrittenOnce(id);
    const [first] = await t.batchesOf(id);
    expect(first).toMatchObject({ batch: 1, status: "committed", changed: 10 });
  });
});
