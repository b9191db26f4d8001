import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { discoverSystems } from "../systems/discover";
import { instanceOf, sourceOf } from "../systems/testing/adapter-harness";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { checkIndexAdvice, indexAdviceFor } from "./index-advice";
import type { JobSource } from "./job-source";

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;

beforeAll(async () => {
  database = await createTestDatabase("index_advice");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await connection.sql.unsafe(`
    create schema work;
    create table work.jobs (id bigint not null, kind text not null, state text not null,
                            created_at timestamptz, done_at timestamptz,
                            primary key (kind, id)) partition by list (kind);
    create table work.jobs_mail partition of work.jobs for values in ('mail');
    create table work.jobs_render partition of work.jobs for values in ('render');
    create table work.job_events (job_id bigint not null, at timestamptz not null, event text);
    create index job_events_by_job on work.job_events (job_id);
  `);
  const config: QueueTableConfig = {
    id: "jobs",
    table: "work.jobs",
    idColumn: "id",
    stateColumn: "state",
    states: { queued: "waiting", done: "succeeded" },
    queueColumn: "kind",
    createdAt: "created_at",
    finishedAt: "done_at",
    history: {
      table: "work.job_events",
      jobIdColumn: "job_id",
      atColumn: "at",
      eventColumn: "event",
    },
  };
  const target = testTarget({ url: database.url }, { detect: false, queues: [config] });
  source = sourceOf(instanceOf(await discoverSystems(target, connection), "generic"), "jobs");
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

describe("index advice", () => {
  it("asks for the list, throughput and timeline indexes, in PostgreSQL's own spelling", () => {
    expect(indexAdviceFor(source).map((entry) => [entry.table, entry.keys])).toEqual([
      ["work.jobs", ["kind", "COALESCE(created_at, '-infinity'::timestamp with time zone)", "id"]],
      ["work.jobs", ["done_at"]],
      ["work.job_events", ["job_id", "at"]],
    ]);
  });

  it("finds none present (a shorter index does not count), and each recipe makes it present", async () => {
    const before = await checkIndexAdvice(connection, indexAdviceFor(source));
    expect(before.map((entry) => entry.present)).toEqual([false, false, false]);
    // A partitioned table cannot be indexed concurrently: parent only, each partition, attach.
    expect(before[0]?.statements).toHaveLength(5);
    expect(before[2]?.statements).toEqual([before[2]?.statement]);

    for (const statement of before.flatMap((entry) => entry.statements)) {
      await connection.sql.unsafe(statement);
    }
    const after = await checkIndexAdvice(connection, indexAdviceFor(source));
    expect(after.map((entry) => entry.present)).toEqual([true, true, true]);
    const [parent] = await connection.sql<{ valid: boolean }[]>`
      select indisvalid as valid from pg_index where indexrelid = 'work.jobs_kind_created_at_id_idx'::regclass`;
    expect(parent?.valid).toBe(true);
  });
});
