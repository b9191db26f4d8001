import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "./parse-tree";
import {
  isTransactionControl,
  noTransactionMarker,
  splitStatements,
  transactionControlOf,
  transactionMode,
} from "./statements";

beforeAll(() => loadParser());

const outside = (sql: string) =>
  splitStatements(sql, "postgresql").map((s) => [s.excerpt, s.outsideTransaction]);

describe("splitting PostgreSQL migrations", () => {
  it("gives each statement its text, line, column and excerpt", () => {
    const sql = [
      "-- header comment",
      "create table jobs (id bigint primary key);",
      "",
      "  /* block */ alter table jobs",
      "    add column note text;",
      "insert into jobs values (1); select ';' as semi",
    ].join("\n");
    expect(splitStatements(sql, "postgresql")).toEqual([
      {
        index: 0,
        text: "create table jobs (id bigint primary key)",
        line: 2,
        column: 1,
        excerpt: "create table jobs (id bigint primary key)",
        outsideTransaction: null,
      },
      {
        index: 1,
        text: "alter table jobs\n    add column note text",
        line: 4,
        column: 15,
        excerpt: "alter table jobs",
        outsideTransaction: null,
      },
      expect.objectContaining({
        index: 2,
        text: "insert into jobs values (1)",
        line: 6,
        column: 1,
      }),
      expect.objectContaining({ index: 3, text: "select ';' as semi", line: 6, column: 30 }),
    ]);
  });

  it("keeps function bodies whole and maps positions past non-ASCII text", () => {
    const sql = [
      "-- migration de la file d'attente → v2 (é)",
      "create function touch() returns trigger language plpgsql as $$",
      "begin new.updated_at := now(); return new; end $$;",
      "select 'café';  select 2;",
    ].join("\n");
    const statements = splitStatements(sql, "postgresql");
    expect(statements.map((s) => [s.line, s.column, s.text])).toEqual([
      [
        2,
        1,
        "create function touch() returns trigger language plpgsql as $$\nbegin new.updated_at := now(); return new; end $$",
      ],
      [4, 1, "select 'café'"],
      [4, 17, "select 2"],
    ]);
  });

  it("falls back to a tokenizer split when the file does not parse, so the database reports the error", () => {
    const sql =
      "create table a (id int);\ncreate tabel b (id int);\ncreate index concurrently i on a (id);";
    const statements = splitStatements(sql, "postgresql");
    expect(statements.map((s) => [s.line, s.text])).toEqual([
      [1, "create table a (id int)"],
      [2, "create tabel b (id int)"],
      [3, "create index concurrently i on a (id)"],
    ]);
    expect(statements[2]?.outsideTransaction).toBe(
      "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
    );
  });

  it("names every statement PostgreSQL refuses inside a transaction block", () => {
    expect(
      outside(`
        create index concurrently jobs_state on jobs (state);
        drop index concurrently jobs_state;
        reindex index concurrently jobs_pkey;
        reindex (concurrently) table jobs;
        reindex schema app;
        vacuum jobs;
        create database other;
        drop database other;
        create tablespace fast location '/ssd';
        drop tablespace fast;
        alter system set work_mem = '64MB';
        alter database app set tablespace fast;
        alter table events detach partition events_2024 concurrently;
        do $$ begin update jobs set state = 'x'; commit; end $$;
        commit prepared 'tx1';
      `).map(([, reason]) => reason),
    ).toEqual([
      "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
      "DROP INDEX CONCURRENTLY cannot run inside a transaction block",
      "REINDEX CONCURRENTLY cannot run inside a transaction block",
      "REINDEX CONCURRENTLY cannot run inside a transaction block",
      "REINDEX SCHEMA cannot run inside a transaction block",
      "VACUUM cannot run inside a transaction block",
      "CREATE DATABASE cannot run inside a transaction block",
      "DROP DATABASE cannot run inside a transaction block",
      "CREATE TABLESPACE cannot run inside a transaction block",
      "DROP TABLESPACE cannot run inside a transaction block",
      "ALTER SYSTEM cannot run inside a transaction block",
      "ALTER DATABASE … SET TABLESPACE cannot run inside a transaction block",
      "DETACH PARTITION … CONCURRENTLY cannot run inside a transaction block",
      "a DO block that runs COMMIT or ROLLBACK cannot run inside a transaction block",
      "COMMIT PREPARED cannot run inside a transaction block",
    ]);
  });

  it("lets the statements that can run in a transaction run there, ALTER TYPE … ADD VALUE included", () => {
    expect(
      outside(`
        create index jobs_state on jobs (state);
        drop index jobs_state;
        reindex table jobs;
        analyze jobs;
        alter type job_state add value 'paused';
        refresh materialized view concurrently stats;
        do $$ begin alter table jobs add column note text; exception when duplicate_column then null; end $$;
        alter database app set work_mem = '64MB';
        create subscription s connection 'host=x' publication p with (create_slot = false);
      `).map(([, reason]) => reason),
    ).toEqual([null, null, null, null, null, null, null, null, null]);
  });
});

describe("splitting SQLite migrations", () => {
  it("keeps trigger bodies, CASE … END and quoted semicolons inside their statement", () => {
    const sql = [
      "CREATE TABLE `a;b` (id INTEGER PRIMARY KEY, [x;y] TEXT, note TEXT DEFAULT ';');",
      "CREATE TRIGGER touch AFTER UPDATE ON `a;b` BEGIN",
      "  UPDATE `a;b` SET note = CASE WHEN new.id > 0 THEN 'pos;' ELSE 'neg' END WHERE id = new.id;",
      "  SELECT 1;",
      "END;",
      "/* done; */ VACUUM",
    ].join("\n");
    const statements = splitStatements(sql, "sqlite");
    expect(statements.map((s) => [s.line, s.column, s.excerpt])).toEqual([
      [1, 1, "CREATE TABLE `a;b` (id INTEGER PRIMARY KEY, [x;y] TEXT, note TEXT DEFAULT ';')"],
      [2, 1, "CREATE TRIGGER touch AFTER UPDATE ON `a;b` BEGIN"],
      [6, 13, "VACUUM"],
    ]);
    expect(statements[1]?.text.endsWith("SELECT 1;\nEND")).toBe(true);
    expect(statements.map((s) => s.outsideTransaction)).toEqual([
      null,
      null,
      "VACUUM cannot run inside a transaction block",
    ]);
  });

  it("names ATTACH, DETACH and journal_mode changes as outside a transaction", () => {
    const reasons = splitStatements(
      "ATTACH 'x.db' AS x; DETACH x; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;",
      "sqlite",
    ).map((s) => s.outsideTransaction);
    expect(reasons).toEqual([
      "ATTACH cannot run inside a transaction block",
      "DETACH cannot run inside a transaction block",
      "PRAGMA journal_mode = cannot run inside a transaction block",
      null,
    ]);
  });
});

describe("transaction control and mode", () => {
  it("tells BEGIN/COMMIT/ROLLBACK from savepoints and prepared transactions", () => {
    const kinds = splitStatements(
      "BEGIN; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; COMMIT; END; ROLLBACK; ABORT; SAVEPOINT a; RELEASE a; ROLLBACK TO SAVEPOINT a; ROLLBACK PREPARED 'x'; BEGIN IMMEDIATE",
      "postgresql",
    ).map((s) => transactionControlOf(s));
    expect(kinds).toEqual([
      "begin",
      "begin",
      "commit",
      "commit",
      "rollback",
      "rollback",
      null,
      null,
      null,
      null,
      "begin",
    ]);
    expect(isTransactionControl({ text: "commit" })).toBe(true);
    expect(isTransactionControl({ text: "select 1" })).toBe(false);
  });

  it("runs an ordinary file in one transaction", () => {
    const sql = "create table a (id int);\nalter table a add column b text;";
    expect(transactionMode(sql, splitStatements(sql, "postgresql"))).toEqual({
      mode: "transaction",
      reason: null,
    });
  });

  it("accepts the no-transaction markers of sqlx, goose, dbmate and Switchyard", () => {
    for (const marker of [
      "-- no-transaction",
      "--no_transaction",
      "  -- Switchyard:no-transaction",
      "-- +goose NO TRANSACTION",
      "-- migrate:up transaction:false",
    ]) {
      const sql = `${marker}\ncreate table a (id int);`;
      expect(transactionMode(sql, splitStatements(sql, "postgresql"))).toEqual({
        mode: "none",
        reason: `the file is marked "${marker.trim()}"`,
      });
    }
    expect(noTransactionMarker("-- we use no-transaction here\nselect 1")).toBeNull();
    expect(noTransactionMarker("select '-- no-transaction'")).toBeNull();
  });

  it("runs outside a transaction when a statement requires it, naming the statement and line", () => {
    const sql =
      "alter table jobs add column note text;\n\ncreate index concurrently jobs_note on jobs (note);";
    expect(transactionMode(sql, splitStatements(sql, "postgresql"))).toEqual({
      mode: "none",
      reason:
        "line 3 (create index concurrently jobs_note on jobs (note)): CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
    });
  });

  it("runs outside a transaction when the file manages its own", () => {
    const sql = "BEGIN;\ncreate table a (id int);\nCOMMIT;";
    expect(transactionMode(sql, splitStatements(sql, "sqlite"))).toEqual({
      mode: "none",
      reason: "the file manages its own transaction",
    });
  });
});
