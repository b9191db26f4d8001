import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { snapshotScope } from "../bulk/scope";
import { findStuck } from "../stuck/find-stuck";
import { discoverSystems } from "../systems/discover";
import { instanceOf, pageThrough, sourceOf } from "../systems/testing/adapter-harness";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
  type TargetConnection,
} from "../targets/connect";
import { countStates } from "./count-states";
import { getJobRecord } from "./get-job";
import { listQueues } from "./list-queues";
import { missingRequiredValues } from "./missing-values";

/** A hand-made queue table whose required columns all allow NULL, and some rows that use it. */
const TABLE = `
  create table loose (id bigint, kind text, state text, created_at timestamp, payload text);
  insert into loose values
    (1, 'mail', 'new', '2026-01-01 01:00:00', '{}'),
    (2, 'mail', 'new', '2026-01-01 02:00:00', '{}'),
    (null, 'mail', 'new', '2026-01-01 03:00:00', '{}'),
    (4, 'mail', null, '2026-01-01 04:00:00', '{}'),
    (5, 'mail', 'new', null, '{}'),
    (6, 'mail', 'new', '2026-01-01 06:00:00', '{}'),
    (null, 'sms', null, null, '{}'),
    (8, 'sms', 'new', '2026-01-01 08:00:00', '{}');`;

const QUEUE: QueueTableConfig = {
  id: "loose",
  table: "loose",
  idColumn: "id",
  stateColumn: "state",
  states: { new: "waiting" },
  queueColumn: "kind",
  createdAt: "created_at",
  payload: "payload",
} as QueueTableConfig;

async function sourceOn(
  connection: TargetConnection,
  location: { url: string } | { file: string },
) {
  const target = testTarget(location, { detect: false, queues: [QUEUE] });
  return sourceOf(instanceOf(await discoverSystems(target, connection), "generic"), "loose");
}

describe.each(["postgres", "sqlite"] as const)("NULL in required columns on %s", (engine) => {
  let database: TestDatabase | null = null;
  let dir = "";
  let connection: PostgresConnection | SqliteConnection;
  let location: { url: string } | { file: string };

  beforeAll(async () => {
    if (engine === "postgres") {
      database = await createTestDatabase("missing_values");
      location = { url: database.url };
      connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
      await connection.sql.unsafe(TABLE);
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-missing-"));
      location = { file: path.join(dir, "jobs.db") };
      connection = connectSqlite(location.file, 2000);
      await connection.client.executeMultiple(TABLE);
    }
  });
  afterAll(async () => {
    await closeConnection(connection);
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("counts, per queue, the rows that lack an id, a state or a creation time", async () => {
    const source = await sourceOn(connection, location);
    expect(await missingRequiredValues(connection, source, "mail")).toEqual({
      how: "exact",
      columns: [
        { role: "id", column: "id", count: 1 },
        { role: "state", column: "state", count: 1 },
        { role: "createdAt", column: "created_at", count: 1 },
      ],
    });
    expect((await missingRequiredValues(connection, source, "sms")).columns).toEqual([
      { role: "id", column: "id", count: 1 },
      { role: "state", column: "state", count: 1 },
      { role: "createdAt", column: "created_at", count: 1 },
    ]);
  });

  it("pages past every row with an id, each once, however small the page", async () => {
    const source = await sourceOn(connection, location);
    for (const pageSize of [1, 2, 3]) {
      expect(await pageThrough(connection, source, "mail", { pageSize })).toEqual([
        "6",
        "4",
        "2",
        "1",
        "5",
      ]);
    }
    // Counts still include the row without an id: it is counted, only not listed.
    const counts = (await countStates(connection, source, ["mail"])).get("mail")?.counts;
    expect(counts).toMatchObject({ waiting: 5, unknown: 1 });
    expect(await getJobRecord(connection, source, "4")).toMatchObject({ state: "unknown" });
  });

  it("offers no row without an id to stuck lists or bulk actions", async () => {
    const source = await sourceOn(connection, location);
    const queues = await listQueues(connection, source);
    const stuck = await findStuck(connection, source, queues, () => 60);
    expect(stuck.jobs.length).toBeGreaterThan(0);
    expect(stuck.jobs.map((job) => job.jobId)).not.toContain("null");
    const action = source.actions?.supported[0];
    if (action) {
      const items = await snapshotScope(
        connection,
        source,
        action,
        { queue: "mail", filter: {} },
        100,
      );
      expect(items.map((item) => item.id)).not.toContain("null");
    }
  });
});

describe("a table too large to scan", () => {
  let database: TestDatabase;
  let connection: PostgresConnection;

  beforeAll(async () => {
    database = await createTestDatabase("missing_values_large");
    connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
    await connection.sql.unsafe(`
      create table loose (id bigint, kind text, state text not null, created_at timestamp, payload text);
      insert into loose select case when g % 10 = 0 then null else g end, 'mail', 'new',
        '2026-01-01'::timestamp + make_interval(secs => g), '{}' from generate_series(1, 2000) g;
      analyze loose;`);
    // The planner's idea of the table's size, as after loading 400,000 rows.
    await connection.sql`update pg_class set reltuples = 400000 where oid = 'loose'::regclass`;
  });
  afterAll(async () => {
    await closeConnection(connection);
    await database.drop();
  });

  it("is judged from the planner's statistics, labelled as an estimate", async () => {
    const source = await sourceOn(connection, { url: database.url });
    expect(source.columns.state.notNull).toBe(true);
    expect(await missingRequiredValues(connection, source, "mail")).toEqual({
      how: "estimate",
      columns: [{ role: "id", column: "id", count: 40_000 }],
    });
  });
});
