import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord, getTimeline } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
} from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";
import { WEBHOOK_QUEUE_CONFIG } from "./fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("generic_queue");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await connection.sql.unsafe(readSql(new URL("./fixture/", import.meta.url).href, "schema.sql"));
  await connection.sql.unsafe(`
    insert into webhook_deliveries (id, event_type, endpoint_url, state, payload, attempts, next_attempt_at, created_at, finished_at, last_error)
    select g, case when g % 2 = 0 then 'invoice.paid' else 'refund.created' end, 'https://x.example/h',
           (array['queued','sending','delivered','failed','dead','cancelled','on_hold'])[1 + g % 7],
           jsonb_build_object('n', g), g % 4,
           case when g % 14 = 3 then now() + interval '1 hour' else now() - interval '1 minute' end,
           now() - make_interval(mins => g), case when g % 7 = 2 then now() - make_interval(mins => g) end,
           case when g % 7 = 4 then 'HTTP 410 Gone' end
    from generate_series(1, 70) g;
    select setval('webhook_deliveries_id_seq', 70);
    insert into webhook_delivery_attempts (delivery_id, attempted_at, outcome, status_code, error)
      values (3, now() - interval '4 minutes', 'failed', 503, 'HTTP 503'),
             (3, now() - interval '3 minutes', 'failed', 410, 'HTTP 410 Gone');
  `);
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const inspect = (queues = [WEBHOOK_QUEUE_CONFIG]) =>
  discoverSystems(testTarget({ url: database.url }, { queues, detect: false }), connection);

describe("a queue table described only in configuration", () => {
  it("becomes a system with one queue, and says it came from the configuration", async () => {
    const systems = await inspect();
    const instance = instanceOf(systems, "generic");
    expect(instance.detection.because).toEqual([
      "public.webhook_deliveries: described in the configuration as queues[0] (webhooks)",
    ]);
    const source = sourceOf(instance, "webhooks");
    expect(source.idKind).toBe("integer");
    expect(await listQueues(connection, source)).toEqual(["webhooks"]);
  });

  it("counts exactly, with an unmapped raw state as unknown and future due times as scheduled", async () => {
    const source = sourceOf(instanceOf(await inspect(), "generic"), "webhooks");
    const counts = (await countStates(connection, source, ["webhooks"])).get("webhooks");
    const [truth] = await connection.sql<Record<string, number>[]>`
      select count(*) filter (where state in ('queued','failed') and next_attempt_at <= now())::int as waiting,
             count(*) filter (where state in ('queued','failed') and next_attempt_at > now())::int as scheduled,
             count(*) filter (where state = 'sending')::int as running,
             count(*) filter (where state = 'delivered')::int as succeeded,
             count(*) filter (where state = 'dead')::int as failed,
             count(*) filter (where state = 'cancelled')::int as cancelled,
             count(*) filter (where state = 'on_hold')::int as unknown
      from webhook_deliveries`;
    expect(truth?.scheduled).toBeGreaterThan(0);
    expect(counts?.counts).toEqual({ ...truth, blocked: 0, skipped: 0 });
    expect(counts?.exact).toBe(true);
  });

  it("pages through every delivery once while new ones arrive, and filters by type", async () => {
    const source = sourceOf(instanceOf(await inspect(), "generic"), "webhooks");
    const seen = await pageThrough(connection, source, "webhooks", {
      pageSize: 9,
      between: async () => {
        await connection.sql`insert into webhook_deliveries (event_type, endpoint_url, payload) values ('invoice.paid', 'https://x', '{}')`;
      },
    });
    expect(seen).toEqual(Array.from({ length: 70 }, (_, index) => String(index + 1)));
    const refunds = await listJobs(
      connection,
      source,
      "webhooks",
      { type: "refund.created" },
      null,
      100,
    );
    expect(refunds.jobs.every((job) => job.type === "refund.created")).toBe(true);
    expect(refunds.jobs).toHaveLength(35);
  });

  it("reads a delivery with its history from the configured attempts table", async () => {
    const source = sourceOf(instanceOf(await inspect(), "generic"), "webhooks");
    const job = await getJobRecord(connection, source, "3");
    expect(job).toMatchObject({ id: "3", rawState: "failed", attempts: 3, payload: { n: 3 } });
    const timeline = await getTimeline(connection, source, "3");
    expect(timeline.map((entry) => [entry.event, entry.details.status_code])).toEqual([
      ["failed", 503],
      ["failed", 410],
    ]);
    expect(await getJobRecord(connection, source, "five")).toBeNull();
  });

  it("reports a configured column that does not exist instead of failing", async () => {
    const systems = await inspect([{ ...WEBHOOK_QUEUE_CONFIG, error: "error_text" }]);
    expect(systems.instances).toEqual([]);
    expect(systems.problems).toEqual([
      "queues[0] (webhooks): public.webhook_deliveries has no column error_text (error)",
    ]);
  });
});

describe("a configured queue table on SQLite", () => {
  let dir: string;
  let sqlite: SqliteConnection;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-generic-"));
    sqlite = connectSqlite(path.join(dir, "jobs.db"), 2000);
    await sqlite.client.executeMultiple(`
      create table jobs (id text primary key, kind text, status text, created text, done text);
      insert into jobs values
        ('a', 'mail', 'new', '2026-01-01 10:00:00', null),
        ('b', 'mail', 'ok', '2026-01-01T11:00:00Z', '2026-01-01 11:00:05'),
        ('c', 'sms', 'new', '2026-01-01 12:00:00', null),
        ('d', null, 'weird', '2026-01-01 13:00:00', null);
    `);
  });
  afterAll(async () => {
    await closeConnection(sqlite);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("splits queues by a column, reads both timestamp formats and keeps unknown states", async () => {
    const target = testTarget(
      { file: path.join(dir, "jobs.db") },
      {
        queues: [
          {
            id: "jobs",
            table: "jobs",
            idColumn: "id",
            stateColumn: "status",
            states: { new: "waiting", ok: "succeeded" },
            queueColumn: "kind",
            createdAt: "created",
            finishedAt: "done",
          },
        ],
      },
    );
    const source = sourceOf(instanceOf(await discoverSystems(target, sqlite), "generic"), "jobs");
    expect(await listQueues(sqlite, source)).toEqual(["(none)", "mail", "sms"]);
    const mail = await listJobs(sqlite, source, "mail", {}, null, 10);
    expect(mail.jobs.map((job) => [job.id, job.state, job.createdAt?.toISOString()])).toEqual([
      ["b", "succeeded", "2026-01-01T11:00:00.000Z"],
      ["a", "waiting", "2026-01-01T10:00:00.000Z"],
    ]);
    const none = (await countStates(sqlite, source, ["(none)"])).get("(none)");
    expect(none?.counts.unknown).toBe(1);
  });
});
