import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord } from "../../jobs/get-job";
import { listJobs } from "../../jobs/list-jobs";
import { listQueues } from "../../jobs/list-queues";
import { queueActivity } from "../../jobs/queue-activity";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, pageThrough, sourceOf } from "../testing/adapter-harness";

let database: TestDatabase;
let connection: PostgresConnection;

const SCHEMA = readSql(new URL("./fixture/", import.meta.url).href, "schema.sql");

beforeAll(async () => {
  database = await createTestDatabase("coach_artie_adapter");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 3 });
  await connection.sql.unsafe(SCHEMA);
  await connection.sql.unsafe(`
    insert into queue (id, status, task_type, payload, created_at, completed_at, error_message)
    select ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
           (array['pending','processing','completed','failed','skipped'])[1 + g % 5],
           case when g % 3 = 0 then 'wolfram' else 'calculate' end,
           jsonb_build_object('n', g),
           now() - make_interval(mins => g),
           case when g % 5 in (2, 3, 4) then now() - make_interval(mins => g) + interval '10 seconds' end,
           case when g % 5 = 3 then 'Wolfram API timeout after 30000ms' end
    from generate_series(1, 50) g;
    insert into queue (id, status, task_type, created_at) values
      ('00000000-0000-4000-8000-000000000999', 'archived_by_hand', 'calculate', now() - interval '2 days');
  `);
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const inspect = () => discoverSystems(testTarget({ url: database.url }), connection);

describe("coach-artie adapter", () => {
  it("is detected by its queue table, and says why", async () => {
    const systems = await inspect();
    const instance = instanceOf(systems, "coach-artie");
    expect(instance.detection.schema).toBe("public");
    expect(instance.detection.because[0]).toMatch(
      /^public\.queue: id, status \(text\), task_type, created_at/,
    );
    expect(instance.detection.missing).toEqual([]);
  });

  it("lists one queue per task type", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    expect(await listQueues(connection, source)).toEqual(["calculate", "wolfram"]);
  });

  it("counts exactly per canonical state, keeping an undocumented raw state as unknown", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    const counts = await countStates(connection, source, ["calculate", "wolfram"]);
    const expected = await connection.sql<{ task_type: string; status: string; n: number }[]>`
      select task_type, status, count(*)::int as n from queue group by 1, 2`;
    const sql = (type: string, status: string) =>
      expected.find((row) => row.task_type === type && row.status === status)?.n ?? 0;

    const calculate = counts.get("calculate");
    expect(calculate?.exact).toBe(true);
    expect(calculate?.counts).toEqual({
      waiting: sql("calculate", "pending"),
      scheduled: 0,
      running: sql("calculate", "processing"),
      blocked: 0,
      failed: sql("calculate", "failed"),
      succeeded: sql("calculate", "completed"),
      cancelled: 0,
      skipped: sql("calculate", "skipped"),
      unknown: 1,
    });
    expect(calculate?.buckets.find((bucket) => bucket.state === "unknown")).toMatchObject({
      count: 1,
      raw: null,
    });
  });

  it("reports the oldest waiting age and the last hour's finished and failed", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    const activity = (await queueActivity(connection, source)).get("calculate");
    const [truth] = await connection.sql<{ age: number; finished: number; failed: number }[]>`
      select extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8 as age,
             count(*) filter (where completed_at >= now() - interval '1 hour' and status in ('completed','failed','skipped'))::int as finished,
             count(*) filter (where completed_at >= now() - interval '1 hour' and status = 'failed')::int as failed
      from queue where task_type = 'calculate'`;
    expect(activity?.oldestWaitingSeconds).toBeCloseTo(truth?.age ?? -1, 0);
    expect(activity?.finishedLastHour).toBe(truth?.finished);
    expect(activity?.failedLastHour).toBe(truth?.failed);
    expect(activity?.throughput?.reduce((sum, slot) => sum + slot.finished, 0)).toBe(
      truth?.finished,
    );
  });

  it("maps each row's raw state and filters by canonical and raw state", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    const running = await listJobs(
      connection,
      source,
      "calculate",
      { state: "running" },
      null,
      100,
    );
    expect(running.jobs.length).toBeGreaterThan(0);
    expect(
      running.jobs.every((job) => job.state === "running" && job.rawState === "processing"),
    ).toBe(true);
    const odd = await listJobs(
      connection,
      source,
      "calculate",
      { rawState: "archived_by_hand" },
      null,
      100,
    );
    expect(odd.jobs).toMatchObject([{ state: "unknown", rawState: "archived_by_hand" }]);
  });

  it("pages by keyset through every job exactly once while new jobs arrive", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    const before = await connection.sql<
      { id: string }[]
    >`select id from queue where task_type = 'calculate'`;
    let inserted = 0;
    const seen = await pageThrough(connection, source, "calculate", {
      pageSize: 4,
      between: async () => {
        inserted++;
        await connection.sql`insert into queue (status, task_type) values ('pending', 'calculate')`;
      },
    });
    expect(inserted).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(before.map((row) => row.id)));
  });

  it("reads one job with its fields decoded, and treats a malformed id as not found", async () => {
    const source = sourceOf(instanceOf(await inspect(), "coach-artie"), "queue");
    const job = await getJobRecord(connection, source, "00000000-0000-4000-8000-000000000003");
    expect(job).toMatchObject({
      state: "failed",
      rawState: "failed",
      queue: "wolfram",
      error: "Wolfram API timeout after 30000ms",
      payload: { n: 3 },
    });
    expect(job?.createdAt).toBeInstanceOf(Date);
    expect(job?.fields.task_type).toBe("wolfram");
    expect(await getJobRecord(connection, source, "not-a-uuid'; drop table queue; --")).toBeNull();
  });
});
