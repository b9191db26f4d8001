import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { snapshotPostgres } from "./catalog-snapshot";
import { dryRun } from "./dry-run";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("dry_run");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await connection.sql.unsafe(`
    create type job_state as enum ('waiting', 'running', 'done');
    create table jobs (
      id bigint primary key,
      state text not null default 'waiting',
      attempts integer not null default 0,
      payload jsonb
    );
    create table events (id bigserial primary key, note text);
    insert into jobs (id, state) values (1, 'waiting'), (2, 'running'), (3, 'done');
    insert into events (note) values ('first');
  `);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

/** What the database holds, read without the snapshot code: rows, columns, indexes, enums. */
async function independentState() {
  const [state] = await connection.sql`
    select (select count(*)::int from jobs) as jobs,
           (select md5(string_agg(j::text, ',' order by id)) from jobs j) as data,
           (select string_agg(table_name || '.' || column_name || ' ' || data_type || ' '
                              || is_nullable || ' ' || coalesce(column_default, ''), ', '
                              order by table_name, column_name)
            from information_schema.columns where table_schema = 'public') as columns,
           (select string_agg(indexdef, '; ' order by indexname) from pg_indexes
            where schemaname = 'public') as indexes,
           (select string_agg(conname, ', ' order by conname) from pg_constraint
            where connamespace = 'public'::regnamespace) as constraints,
           (select string_agg(enumlabel, ', ' order by enumsortorder) from pg_enum
            where enumtypid = 'job_state'::regtype) as labels,
           (select string_agg(relname, ', ' order by relname) from pg_class
            where relnamespace = 'public'::regnamespace) as relations`;
  return state;
}

describe("dry run on PostgreSQL", () => {
  it("reports a missing column with its statement, line, column and SQLSTATE, and changes nothing", async () => {
    const stateBefore = await independentState();
    const sql = [
      "-- 0042: priorities",
      "alter table jobs add column priority integer not null default 0;",
      "create index jobs_priority on jobs (priority);",
      "update jobs",
      "   set priority = retries + 1;",
      "alter table jobs drop column payload;",
    ].join("\n");
    const result = await dryRun(connection, [{ migrationId: "0042_priorities", sql }]);
    expect(result.ok).toBe(false);
    expect(result.catalogUnchanged).toBe(true);
    const [file] = result.files;
    expect(file?.ok).toBe(false);
    expect(file?.statements.map((s) => [s.line, s.status])).toEqual([
      [2, "ok"],
      [3, "ok"],
      [4, "failed"],
      [6, "not_run"],
    ]);
    expect(file?.statements[2]?.error).toEqual({
      message: 'column "retries" does not exist',
      code: "42703",
      line: 5,
      column: 19,
    });
    expect(file?.statements[0]?.changes).toEqual([
      { kind: "column", name: "public.jobs.priority", change: "created" },
    ]);
    expect(await independentState()).toEqual(stateBefore);
  });

  it("stops at a type error halfway through the second file and leaves the database as it was", async () => {
    const stateBefore = await independentState();
    const snapshotBefore = await snapshotPostgres(connection.sql);
    const result = await dryRun(connection, [
      { migrationId: "0043_note", sql: "alter table jobs add column note text;" },
      {
        migrationId: "0044_state_type",
        sql: [
          "update jobs set note = 'moved';",
          "alter table jobs alter column state type job_state;",
          "create index jobs_state on jobs (state);",
        ].join("\n"),
      },
      { migrationId: "0045_later", sql: "create table later (id int);" },
    ]);
    expect(result.ok).toBe(false);
    expect(
      result.files.map((f) => [f.migrationId, f.ok, f.statements.map((s) => s.status)]),
    ).toEqual([
      ["0043_note", true, ["ok"]],
      ["0044_state_type", false, ["ok", "failed", "not_run"]],
      ["0045_later", false, ["not_run"]],
    ]);
    expect(result.files[1]?.statements[1]?.error).toMatchObject({
      code: "42804",
      message: 'column "state" cannot be cast automatically to type job_state',
      hint: 'You might need to specify "USING state::job_state".',
      line: 2,
      column: 1,
    });
    expect(result.catalogUnchanged).toBe(true);
    expect(await snapshotPostgres(connection.sql)).toEqual(snapshotBefore);
    expect(await independentState()).toEqual(stateBefore);
  });

  it("reports what each statement of a good multi-file run created or changed, and leaves nothing behind", async () => {
    const stateBefore = await independentState();
    const result = await dryRun(connection, [
      {
        migrationId: "0050_queues",
        sql: [
          "create table queues (id bigserial primary key, name text not null);",
          "alter table jobs add column queue_id bigint references queues (id);",
          "create index jobs_queue on jobs (queue_id);",
          "alter table jobs alter column attempts type bigint;",
          "alter type job_state add value 'paused' before 'done';",
        ].join("\n"),
      },
      {
        migrationId: "0051_pause",
        sql: [
          "alter table queues add column paused boolean not null default false;",
          "insert into queues (name) values ('default');",
          "insert into events (note) values ('dry run');",
        ].join("\n"),
      },
    ]);
    expect(result.ok).toBe(true);
    expect(result.files.map((f) => f.transaction)).toEqual([
      { mode: "transaction", reason: null },
      { mode: "transaction", reason: null },
    ]);
    const changes = result.files.map((f) => f.statements.map((s) => s.changes));
    expect(changes).toEqual([
      [
        [
          {
            kind: "table",
            name: "public.queues",
            change: "created",
            detail: "id bigint NOT NULL, name text NOT NULL",
          },
        ],
        [
          { kind: "column", name: "public.jobs.queue_id", change: "created" },
          { kind: "constraint", name: "public.jobs.jobs_queue_id_fkey", change: "created" },
        ],
        [{ kind: "index", name: "public.jobs_queue", change: "created" }],
        [
          {
            kind: "column",
            name: "public.jobs.attempts",
            change: "altered",
            detail: "type integer → bigint",
          },
          { kind: "table", name: "public.jobs", change: "altered", detail: "storage rewritten" },
        ],
        [
          {
            kind: "type",
            name: "public.job_state",
            change: "altered",
            detail: "enum value 'paused' added",
          },
        ],
      ],
      [[{ kind: "column", name: "public.queues.paused", change: "created" }], [], []],
    ]);
    for (const statement of result.files.flatMap((f) => f.statements)) {
      expect(statement.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(result.catalogUnchanged).toBe(true);
    expect(result.notes).toEqual([
      "Sequence public.events_id_seq advanced from 1 to 2: a rollback does not undo nextval().",
    ]);
    expect(await independentState()).toEqual(stateBefore);
  });

  it("does not run CREATE INDEX CONCURRENTLY, and marks it and the file", async () => {
    const stateBefore = await independentState();
    const sql = [
      "alter table jobs add column region text;",
      "create index concurrently jobs_region on jobs (region);",
    ].join("\n");
    const result = await dryRun(connection, [{ migrationId: "0060_region", sql }]);
    const [file] = result.files;
    expect(result.ok).toBe(true);
    expect(file?.transaction).toEqual({
      mode: "none",
      reason:
        "line 2 (create index concurrently jobs_region on jobs (region)): CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
    });
    expect(file?.statements.map((s) => [s.status, s.durationMs, s.changes])).toEqual([
      [
        "ok",
        expect.any(Number),
        [{ kind: "column", name: "public.jobs.region", change: "created" }],
      ],
      ["skipped_outside_transaction", null, []],
    ]);
    expect(result.notes[0]).toMatch(
      /^0060_region, line 2 \(create index concurrently jobs_region on jobs \(region\)\) was not run: CREATE INDEX CONCURRENTLY cannot run inside a transaction block/,
    );
    const [{ indexes }] = (await connection.sql`
      select count(*)::int as indexes from pg_indexes where indexname = 'jobs_region'`) as [
      { indexes: number },
    ];
    expect(indexes).toBe(0);
    expect(result.catalogUnchanged).toBe(true);
    expect(await independentState()).toEqual(stateBefore);
  });

  it("does not let a file's own BEGIN/COMMIT commit anything", async () => {
    const stateBefore = await independentState();
    const sql = [
      "BEGIN;",
      "create table audit (id bigint primary key);",
      "insert into audit values (1);",
      "COMMIT;",
      "update jobs set attempts = attempts + 1;",
    ].join("\n");
    const result = await dryRun(connection, [{ migrationId: "0070_audit", sql }]);
    const [file] = result.files;
    expect(file?.transaction).toEqual({
      mode: "none",
      reason: "the file manages its own transaction",
    });
    expect(file?.statements.map((s) => s.status)).toEqual([
      "skipped_transaction_control",
      "ok",
      "ok",
      "skipped_transaction_control",
      "ok",
    ]);
    expect(result.notes).toContain(
      "0070_audit manages its own transaction: its BEGIN/COMMIT/ROLLBACK were not run, because the dry run holds one transaction for all files and rolls it back.",
    );
    expect(result.catalogUnchanged).toBe(true);
    const [{ audit }] = (await connection.sql`
      select to_regclass('public.audit')::text as audit`) as [{ audit: string | null }];
    expect(audit).toBeNull();
    expect(await independentState()).toEqual(stateBefore);
  });

  it("runs the statements before a syntax error and reports the error where PostgreSQL points", async () => {
    const sql =
      "alter table jobs add column owner text;\nalter table jobs add colum x int;\nselect 1;";
    const result = await dryRun(connection, [{ migrationId: "0085_typo", sql }]);
    expect(result.files[0]?.statements.map((s) => [s.line, s.status])).toEqual([
      [1, "ok"],
      [2, "failed"],
      [3, "not_run"],
    ]);
    expect(result.files[0]?.statements[1]?.error).toEqual({
      message: 'syntax error at or near "int"',
      code: "42601",
      line: 2,
      column: 30,
    });
    expect(result.catalogUnchanged).toBe(true);
  });

  it("points at the error's character past non-ASCII text, and names the statement_timeout", async () => {
    // PostgreSQL counts characters, not bytes: "é" and "→" must not shift the column.
    const result = await dryRun(connection, [
      {
        migrationId: "0090_unicode",
        sql: "-- Übergang → v2\nupdate jobs set payload = '{\"é\": 1}', state = stat;",
      },
    ]);
    expect(result.files[0]?.statements[0]?.error).toMatchObject({
      code: "42703",
      line: 2,
      column: 47,
    });
    const slow = await dryRun(
      connection,
      [{ migrationId: "0091_sleep", sql: "-- lent\nselect pg_sleep(5);" }],
      { statementTimeoutMs: 200 },
    );
    expect(slow.files[0]?.statements[0]?.error).toEqual({
      message: "canceling statement due to statement timeout (statement_timeout of 200 ms)",
      code: "57014",
      line: 2,
      column: 1,
    });
  });

  it("fails with 55P03 naming the session that holds the table's lock", async () => {
    const other = postgres(database.url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "other-migration" },
    });
    const holder = await other.reserve();
    try {
      await holder`begin`;
      await holder`lock table jobs in access exclusive mode`;
      const result = await dryRun(
        connection,
        [{ migrationId: "0080_lock", sql: "alter table jobs add column blocked text;" }],
        { lockTimeoutMs: 300 },
      );
      expect(result.ok).toBe(false);
      expect(result.lockTimeoutMs).toBe(300);
      const error = result.files[0]?.statements[0]?.error;
      expect(error?.code).toBe("55P03");
      expect(error?.message).toMatch(
        /^lock_timeout of 300 ms expired: table jobs is locked by another session: pid \d+ \(application "other-migration", AccessExclusiveLock, for \d+ s: lock table jobs in access exclusive mode\)$/,
      );
      expect(error?.detail).toBe("canceling statement due to lock timeout");
      expect(result.catalogUnchanged).toBe(true);
    } finally {
      await holder`rollback`;
      holder.release();
      await other.end();
    }
  });
});
