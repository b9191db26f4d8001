import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
} from "../targets/connect";
import { listTables } from "./list-tables";

let database: TestDatabase;
let postgresTarget: PostgresConnection;
let sqliteTarget: SqliteConnection;

beforeAll(async () => {
  database = await createTestDatabase("catalog");
  postgresTarget = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
  await postgresTarget.sql.unsafe(`
    create schema app;
    create table app.small (id int primary key);
    insert into app.small select generate_series(1, 42);
    create table app.big (id int primary key, body text);
    insert into app.big select g, repeat('x', 50) from generate_series(1, 30000) g;
    create table app.events (id int, kind text not null) partition by list (kind);
    create table app.events_a partition of app.events for values in ('a');
    create table app.events_b partition of app.events for values in ('b');
    insert into app.events select g, case when g % 2 = 0 then 'a' else 'b' end from generate_series(1, 20000) g;
    create view app.small_view as select * from app.small;
    analyze;
  `);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-catalog-"));
  sqliteTarget = connectSqlite(path.join(dir, "c.db"), 2000);
  await sqliteTarget.client.executeMultiple(`
    create table tasks (id text primary key, status text);
    insert into tasks values ('a', 'pending'), ('b', 'running');
    create view running as select * from tasks where status = 'running';
  `);
});

afterAll(async () => {
  await closeConnection(postgresTarget);
  await closeConnection(sqliteTarget);
  await database.drop();
});

describe("listTables on PostgreSQL", () => {
  it("counts small tables exactly and estimates large ones, and says which", async () => {
    const tables = await listTables(postgresTarget);
    const byName = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
    expect(byName.get("app.small")).toMatchObject({
      kind: "table",
      rows: 42,
      rowsAccuracy: "exact",
    });
    const big = byName.get("app.big");
    expect(big?.rowsAccuracy).toBe("estimate");
    expect(big?.rows).toBeGreaterThan(25_000);
    expect(big?.rows).toBeLessThan(35_000);
    expect(big?.bytes).toBeGreaterThan(1_000_000);
  });

  it("shows a partitioned table once, with its partitions' rows and sizes summed", async () => {
    const tables = await listTables(postgresTarget);
    const names = tables.map((table) => `${table.schema}.${table.name}`);
    expect(names).not.toContain("app.events_a");
    const events = tables.find((table) => table.name === "events");
    expect(events).toMatchObject({ kind: "partitioned table", rowsAccuracy: "estimate" });
    expect(events?.rows).toBeGreaterThan(15_000);
    expect(events?.bytes).toBeGreaterThan(0);
    expect(tables.find((table) => table.name === "small_view")).toMatchObject({
      kind: "view",
      rows: null,
    });
  });
});

describe("listTables on SQLite", () => {
  it("lists tables with exact counts and views", async () => {
    const tables = await listTables(sqliteTarget);
    expect(tables.find((table) => table.name === "tasks")).toMatchObject({
      schema: "main",
      kind: "table",
      rows: 2,
      rowsAccuracy: "exact",
    });
    expect(tables.find((table) => table.name === "running")).toMatchObject({ kind: "view" });
  });
});
