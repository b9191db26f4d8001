import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { countStates } from "../../jobs/count-states";
import { getJobRecord } from "../../jobs/get-job";
import { listQueues } from "../../jobs/list-queues";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems, type SystemInstance } from "../discover";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { marieAdapter } from "./adapter";
import { marieFixture } from "./fixture";

let database: TestDatabase;
let connection: PostgresConnection;
let instance: SystemInstance;

beforeAll(async () => {
  database = await createTestDatabase("marie_adapter_demo");
  connection = connectPostgres(database.url, { statementTimeoutMs: 30_000, poolSize: 2 });
  await marieFixture.load(connection);
  instance = instanceOf(
    await discoverSystems(testTarget({ url: database.url }), connection, [marieAdapter]),
    "marie",
  );
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

/** The demo's seeded stuck job with this `ref_id`, explained. */
async function stuck(ref: string) {
  const [row] = await connection.sql<{ id: string }[]>`
    select id::text as id from marie_scheduler.job where data->'metadata'->>'ref_id' = ${ref}`;
  const source = sourceOf(instance, "job");
  const job = row ? await getJobRecord(connection, source, row.id) : null;
  if (!job) throw new Error(`${ref} not found`);
  const explanation = await marieAdapter.explain?.(connection, instance.detection, job);
  const fact = (label: string) => explanation?.facts.find((entry) => entry.label === label);
  return { job, explanation, fact };
}

describe("marie adapter on the demo install (default schema)", () => {
  it("is detected in marie_scheduler with nothing missing, and counts match SQL", async () => {
    expect(instance.detection.schema).toBe("marie_scheduler");
    expect(instance.detection.missing).toEqual([]);
    const source = sourceOf(instance, "job");
    const queues = await listQueues(connection, source);
    expect(queues).toEqual(["classify", "extract", "gen5_extract", "notify"]);
    const counts = await countStates(connection, source, queues);
    const truth = await connection.sql<{ queue: string; finished: number; running: number }[]>`
      select name as queue,
             count(*) filter (where state in ('completed', 'failed', 'expired', 'cancelled'))::int as finished,
             count(*) filter (where state = 'active')::int as running
      from marie_scheduler.job group by 1`;
    for (const row of truth) {
      const got = counts.get(row.queue)?.counts;
      expect(got?.running).toBe(row.running);
      expect((got?.succeeded ?? 0) + (got?.failed ?? 0) + (got?.cancelled ?? 0)).toBe(row.finished);
      expect(got?.unknown).toBe(0);
    }
  });

  it("explains the seeded stuck jobs", async () => {
    expect((await stuck("STUCK-LEASE-EXPIRED")).fact("Lease")?.tone).toBe("danger");
    expect((await stuck("STUCK-RUN-LEASE-EXPIRED")).fact("Run lease")?.tone).toBe("danger");
    expect((await stuck("STUCK-PAST-EXPIRE-IN")).fact("Expire in")?.tone).toBe("warning");
    expect((await stuck("STUCK-RETRY-OVERDUE")).fact("Start after")?.tone).toBe("warning");
    expect((await stuck("STUCK-RETRIES-EXHAUSTED")).fact("Retries")?.tone).toBe("warning");
    const blocked = await stuck("STUCK-DEPENDENCY-FAILED");
    expect(blocked.job.state).toBe("blocked");
    expect(blocked.explanation?.related).toMatchObject([
      { relation: "depends on", state: "failed" },
    ]);
    expect(blocked.fact("DAG")?.tone).toBe("warning");
  });
});
