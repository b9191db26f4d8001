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
import { WEBHOOK_QUEUE_CONFIG } from "./fixture";

/**
 * A configured queue table racing its delivery worker: a bulk retry of dead deliveries and a bulk
 * skip of queued ones run while the worker claims queued rows, delivers most and fails some.
 * Every worker write is logged by a trigger, so the test reads who changed what, in which order.
 */

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;
const author = { name: "tester", reason: "race test" };

beforeAll(async () => {
  database = await createTestDatabase("generic_race");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 6 });
  await connection.sql.unsafe(readSql(new URL("./fixture/", import.meta.url).href, "schema.sql"));
  await connection.sql.unsafe(`
    create table race_log (
      seq bigserial primary key, delivery_id bigint, who text, old_state text, new_state text);
    create function log_delivery() returns trigger language plpgsql as $$ begin
      insert into race_log (delivery_id, who, old_state, new_state)
      values (new.id, current_setting('application_name'), old.state, new.state);
      return new; end $$;
    create trigger delivery_log after update on webhook_deliveries
      for each row when (old.state is distinct from new.state) execute function log_delivery();
    insert into webhook_deliveries
      (event_type, endpoint_url, payload, state, attempts, max_attempts, last_error, finished_at,
       next_attempt_at, created_at)
    select 'invoice.paid', 'https://erp.example.com/hooks', '{}'::jsonb,
           case when g <= 200 then 'dead' else 'queued' end,
           case when g <= 200 then 8 else 0 end, 8,
           case when g <= 200 then 'HTTP 503 Service Unavailable' end,
           case when g <= 200 then now() - interval '1 hour' end,
           now() - interval '1 minute', now() - make_interval(secs => g)
    from generate_series(1, 400) g;
  `);
  const target = testTarget(
    { url: database.url },
    { queues: [WEBHOOK_QUEUE_CONFIG], detect: false },
  );
  source = sourceOf(
    instanceOf(await discoverSystems(target, connection), "generic"),
    WEBHOOK_QUEUE_CONFIG.id,
  );
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

function action(code: string): JobAction {
  const found = source.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

/** The delivery worker: claims due queued rows, then delivers four in five and fails the rest. */
async function workerRound(): Promise<void> {
  await connection.sql.begin(async (tx) => {
    await tx`set local application_name = 'worker'`;
    await tx`
      update webhook_deliveries set state = 'sending', locked_by = 'worker-1', locked_at = now()
      where id in (select id from webhook_deliveries
                   where state = 'queued' and next_attempt_at <= now()
                   order by id limit 9 for update skip locked)`;
    await tx`
      update webhook_deliveries
      set state = case when id % 5 = 0 then 'failed' else 'delivered' end,
          attempts = attempts + 1, finished_at = now(), locked_by = null,
          next_attempt_at = case when id % 5 = 0 then now() + interval '1 hour' else next_attempt_at end
      where id in (select id from webhook_deliveries where state = 'sending'
                   limit 6 for update skip locked)`;
  });
}

describe("bulk retry and skip racing the delivery worker", () => {
  it("never overwrites what the worker did, and accounts for every delivery in scope", async () => {
    const retryScope = await snapshotScope(
      connection,
      source,
      action("retry"),
      { queue: "webhooks", filter: { rawState: "dead" } },
      1000,
    );
    const skipScope = await snapshotScope(
      connection,
      source,
      action("skip"),
      { queue: "webhooks", filter: { rawState: "queued" } },
      1000,
    );
    expect(retryScope).toHaveLength(200);
    expect(skipScope).toHaveLength(200);

    let running = true;
    const worker = (async () => {
      while (running) await workerRound();
    })();
    const [retried, skipped] = await Promise.all([
      processItems(connection, source, action("retry"), retryScope, author, { batchSize: 17 }),
      processItems(connection, source, action("skip"), skipScope, author, { batchSize: 13 }),
    ]);
    running = false;
    await worker;

    expect(retried.changed.length + retried.skipped.length).toBe(200);
    expect(skipped.changed.length + skipped.skipped.length).toBe(200);

    const log = await connection.sql<
      { delivery_id: string; who: string; old_state: string; new_state: string }[]
    >`select delivery_id::text, who, old_state, new_state from race_log order by seq`;
    const workerTouched = new Set(
      log.filter((entry) => entry.who === "worker").map((entry) => entry.delivery_id),
    );
    expect(workerTouched.size).toBeGreaterThan(0);

    // The console changed a row only from the state the operator saw, and never after the worker
    // had finished it: a delivered or failed row was never reset or skipped.
    const finishedByWorker = new Set<string>();
    for (const entry of log) {
      if (entry.who === "worker" && ["delivered", "failed"].includes(entry.new_state)) {
        finishedByWorker.add(entry.delivery_id);
      } else if (entry.who !== "worker") {
        expect(finishedByWorker.has(entry.delivery_id), entry.delivery_id).toBe(false);
        expect([entry.old_state, entry.new_state]).toEqual(
          entry.new_state === "skipped" ? ["queued", "skipped"] : ["dead", "queued"],
        );
      }
    }
    // A delivery the console skipped was still queued: the worker never claimed it, before or after.
    const skippedIds = new Set(skipped.changed);
    expect([...workerTouched].filter((id) => skippedIds.has(id))).toEqual([]);
    const states = await connection.sql<{ id: string; state: string }[]>`
      select id::text, state from webhook_deliveries where id = any(${skipped.changed}::bigint[])`;
    expect(states.every((row) => row.state === "skipped")).toBe(true);
  });
});
