import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@/lib/database-error";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { discoverSystems } from "../systems/discover";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { applyAction } from "./apply-action";
import type { JobSource } from "./job-source";
import { describeLockHolder, lockHolders } from "./lock-holders";

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;

beforeAll(async () => {
  database = await createTestDatabase("lock_holders");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await connection.sql.unsafe(`
    create table jobs (id bigint primary key, state text not null, created_at timestamptz not null default now());
    insert into jobs (id, state) values (1, 'failed');
  `);
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
          states: { queued: "waiting", failed: "failed" },
          createdAt: "created_at",
        },
      ],
    },
  );
  source = sourceOf(instanceOf(await discoverSystems(target, connection), "generic"), "jobs");
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

describe("who holds a lock on a job table", () => {
  it("names the session of a migration that locked the table, and the action gives up", async () => {
    const migration = postgres(database.url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "schema-migration" },
    });
    try {
      const held = migration.begin(async (tx) => {
        await tx`alter table jobs add column note text`;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const retry = source.actions?.supported.find((action) => action.code === "retry");
      if (!retry) throw new Error("no retry");
      await expect(
        applyAction(
          connection,
          source,
          retry,
          [{ id: "1", seenState: "failed", seenVersion: null }],
          { name: "tester", reason: null },
          { lockTimeoutMs: 200 },
        ),
      ).rejects.toSatisfy((error) => errorCode(error) === "55P03");

      const [holder] = await lockHolders(connection, source.table);
      expect(holder).toMatchObject({
        applicationName: "schema-migration",
        mode: "AccessExclusiveLock",
      });
      expect(describeLockHolder(holder as NonNullable<typeof holder>)).toMatch(
        /^pid \d+ \(application "schema-migration", AccessExclusiveLock, for \d+ s: alter table jobs add column note text\)$/,
      );
      await held;
      expect(await lockHolders(connection, source.table)).toEqual([]);
    } finally {
      await migration.end();
    }
  });
});
