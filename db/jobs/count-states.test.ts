import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { discoverSystems } from "../systems/discover";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { countStates, EXACT_SCAN_LIMIT } from "./count-states";

let database: TestDatabase;
let connection: PostgresConnection;
const ROWS = EXACT_SCAN_LIMIT + 40_000;

beforeAll(async () => {
  database = await createTestDatabase("count_states");
  connection = connectPostgres(database.url, { statementTimeoutMs: 20_000, poolSize: 2 });
  await connection.sql.unsafe(`
    create table jobs (id bigint primary key, state text not null, created_at timestamptz not null default now());
    create index jobs_state on jobs (state);
    insert into jobs (id, state)
      select g, case when g <= 1200 then 'queued' when g <= 1212 then 'running' else 'done' end
      from generate_series(1, ${ROWS}) g;
    analyze jobs;
  `);
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

describe("countStates on a table too large to count in full", () => {
  it("estimates the big states, counts the small ones exactly, and says the total is estimated", async () => {
    const target = testTarget(
      { url: database.url },
      {
        detect: false,
        queues: [
          {
            id: "jobs",
            table: "jobs",
            idColumn: "id",
            stateColumn: "state",
            states: { queued: "waiting", running: "running", done: "succeeded" },
            createdAt: "created_at",
          },
        ],
      },
    );
    const source = sourceOf(
      instanceOf(await discoverSystems(target, connection), "generic"),
      "jobs",
    );
    const counts = (await countStates(connection, source, ["jobs"])).get("jobs");

    expect(counts?.exact).toBe(false);
    expect(counts?.counts.waiting).toBe(1200);
    expect(counts?.counts.running).toBe(12);
    expect(counts?.buckets.find((bucket) => bucket.raw === "queued")?.exact).toBe(true);
    const done = counts?.buckets.find((bucket) => bucket.raw === "done");
    expect(done?.exact).toBe(false);
    expect(done?.count).toBeGreaterThan((ROWS - 1212) * 0.9);
    expect(done?.count).toBeLessThan((ROWS - 1212) * 1.1);
  });
});
