import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { discoverSystems } from "../systems/discover";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { countStates, EXACT_SCAN_LIMIT } from "./count-states";
import type { JobSource } from "./job-source";
import { unknownStatesAbsent } from "./unknown-states";

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
    create table tasks (id bigint primary key, kind text not null, state text,
                        created_at timestamptz not null default now());
    create index tasks_state on tasks (state, created_at);
    insert into tasks (id, kind, state)
      select g, case when g % 3 = 0 then 'mail' else 'render' end,
             case when g <= 30 then 'queued' when g <= 33 then 'paused' else 'done' end
      from generate_series(1, ${ROWS}) g;
    analyze jobs;
    analyze tasks;
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

async function tasksSource(states: QueueTableConfig["states"]): Promise<JobSource> {
  const config: QueueTableConfig = {
    id: "tasks",
    table: "tasks",
    idColumn: "id",
    stateColumn: "state",
    states,
    queueColumn: "kind",
    createdAt: "created_at",
  };
  const target = testTarget({ url: database.url }, { detect: false, queues: [config] });
  return sourceOf(instanceOf(await discoverSystems(target, connection), "generic"), "tasks");
}

describe("countStates per queue on a large table", () => {
  it("counts each queue's small states exactly and finds unknown values through the state index", async () => {
    const source = await tasksSource({ queued: "waiting", done: "succeeded" });
    const counts = await countStates(connection, source, ["mail", "render"]);
    const unknown = (queue: string) =>
      counts.get(queue)?.buckets.find((bucket) => bucket.state === "unknown");
    expect(counts.get("mail")?.counts.waiting).toBe(10);
    expect(counts.get("render")?.counts.waiting).toBe(20);
    expect(unknown("mail")).toMatchObject({ count: 1, exact: true });
    expect(unknown("render")).toMatchObject({ count: 2, exact: true });
  });

  it("tells whether unmapped values exist from the state index alone, and gives up without one", async () => {
    expect(
      await unknownStatesAbsent(
        connection,
        await tasksSource({ queued: "waiting", done: "succeeded" }),
      ),
    ).toBe(false);
    const mapped = await tasksSource({ queued: "waiting", paused: "waiting", done: "succeeded" });
    expect(await unknownStatesAbsent(connection, mapped)).toBe(true);
    await connection.sql`update tasks set state = null where id = 34`;
    expect(await unknownStatesAbsent(connection, mapped)).toBe(false);
    await connection.sql`update tasks set state = 'done' where id = 34`;
    await connection.sql`drop index tasks_state`;
    expect(await unknownStatesAbsent(connection, mapped)).toBe(false);
    const counts = await countStates(connection, mapped, ["mail", "render"]);
    expect(
      counts.get("render")?.buckets.find((bucket) => bucket.state === "unknown"),
    ).toMatchObject({
      count: 0,
      exact: true,
    });
  });
});
