import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCatalog } from "@/lib/migrations/catalog-diff";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { snapshotPostgres } from "./catalog-snapshot";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("catalog_snapshot");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await connection.sql.unsafe(`
    create table jobs (id bigint primary key, state text, queue text);
    create function job_count() returns bigint language sql as 'select count(*) from jobs';
    create view busy as select id from jobs where state = 'running';
  `);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

/** The changes `ddl` makes (after `setup`), seen inside a transaction that is then rolled back. */
async function changesOf(ddl: string, setup?: string) {
  const reserved = await connection.sql.reserve();
  try {
    await reserved`begin`;
    if (setup) await reserved.unsafe(setup);
    const before = await snapshotPostgres(reserved as postgres.Sql);
    await reserved.unsafe(ddl);
    return diffCatalog(before, await snapshotPostgres(reserved as postgres.Sql));
  } finally {
    await reserved`rollback`;
    reserved.release();
  }
}

describe("catalog snapshot of PostgreSQL", () => {
  it("sees columns' NOT NULL, default and type, and a constraint validated later", async () => {
    expect(
      await changesOf(`
        alter table jobs alter column state set not null;
        alter table jobs alter column state set default 'waiting';
        alter table jobs alter column queue type varchar(40);
      `),
    ).toEqual([
      {
        kind: "column",
        name: "public.jobs.state",
        change: "altered",
        detail: "default 'waiting'::text set; NOT NULL added",
      },
      {
        kind: "column",
        name: "public.jobs.queue",
        change: "altered",
        detail: "type text → character varying(40)",
      },
      { kind: "table", name: "public.jobs", change: "altered", detail: "storage rewritten" },
    ]);
    expect(
      await changesOf(
        "alter table jobs validate constraint jobs_state_known",
        "alter table jobs add constraint jobs_state_known check (state <> '') not valid",
      ),
    ).toEqual([
      {
        kind: "constraint",
        name: "public.jobs.jobs_state_known",
        change: "altered",
        detail: "validated",
      },
    ]);
  });

  it("sees functions, views, triggers, domains, sequences and schemas", async () => {
    expect(
      await changesOf(`
        create or replace function job_count() returns bigint language sql
          as 'select count(*) from jobs where state is not null';
        create or replace view busy as select id, queue from jobs where state = 'running';
        create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
        create trigger jobs_touch before update on jobs for each row execute function touch();
        create domain queue_name as text check (value <> '');
        create sequence ticket;
        create schema archive;
        create index jobs_lower_queue on jobs (lower(queue));
      `),
    ).toEqual([
      { kind: "function", name: "public.touch()", change: "created" },
      { kind: "index", name: "public.jobs_lower_queue", change: "created" },
      { kind: "schema", name: "archive", change: "created" },
      { kind: "sequence", name: "public.ticket", change: "created" },
      { kind: "trigger", name: "public.jobs.jobs_touch", change: "created" },
      { kind: "type", name: "public.queue_name", change: "created" },
      { kind: "function", name: "public.job_count()", change: "altered", detail: "body changed" },
      { kind: "view", name: "public.busy", change: "altered", detail: "definition changed" },
    ]);
  });

  it("names an extension, not the functions and types it brings", async (context) => {
    const [available] = await connection.sql`
      select 1 from pg_available_extensions where name = 'citext'`;
    if (!available) context.skip("citext is not installed on this server");
    expect(await changesOf("create extension citext")).toEqual([
      { kind: "extension", name: "citext", change: "created" },
    ]);
  });
});
