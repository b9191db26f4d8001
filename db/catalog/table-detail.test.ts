import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choosePagingKey } from "@/lib/tables/paging-key";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
} from "../targets/connect";
import { readTableDetail } from "./table-detail";

let database: TestDatabase;
let pg: PostgresConnection;
let lite: SqliteConnection;

beforeAll(async () => {
  database = await createTestDatabase("table_detail");
  pg = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
  await pg.sql.unsafe(`
    create schema app;
    create type app.mood as enum ('calm', 'busy');
    create table app.parents (id bigint generated always as identity primary key, name text not null unique,
      mood app.mood not null default 'calm', tags text[]);
    comment on table app.parents is 'the parents';
    comment on column app.parents.name is 'display name';
    create table app.children (id uuid primary key default gen_random_uuid(),
      parent_id bigint not null references app.parents(id) on delete cascade,
      body jsonb, created_at timestamptz not null default now(), check (length(id::text) = 36));
    create index children_created on app.children (created_at);
    create function app.touch() returns trigger language plpgsql as $$ begin return new; end $$;
    create trigger children_touch before update on app.children for each row execute function app.touch();
    create table app.events (id int not null, kind text not null, at timestamptz) partition by list (kind);
    create table app.events_a partition of app.events for values in ('a');
    create table app.events_b partition of app.events for values in ('b');
    create table app.loose (a int, b text);
    create view app.parent_names as select name from app.parents;
  `);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-detail-"));
  lite = connectSqlite(path.join(dir, "d.db"), 2000);
  await lite.client.executeMultiple(`
    create table workflows (id text primary key, status text not null check (status in ('draft', 'active')));
    create table workflow_tasks (workflow_id text not null references workflows(id) on delete cascade,
      task_id text not null, sequence integer not null default 0, primary key (workflow_id, task_id));
    create index idx_wt_seq on workflow_tasks(sequence);
    create table notes (body text);
    create view active as select * from workflows where status = 'active';
    create trigger wf_touch after update on workflows begin select 1; end;
  `);
});

afterAll(async () => {
  await closeConnection(pg);
  await closeConnection(lite);
  await database.drop();
});

describe("PostgreSQL table detail", () => {
  it("reads columns with types, defaults, comments, identity and enums", async () => {
    const detail = await readTableDetail(pg, "app", "parents");
    expect(detail?.comment).toBe("the parents");
    expect(detail?.primaryKey).toEqual(["id"]);
    const byName = new Map(detail?.columns.map((column) => [column.name, column]));
    expect(byName.get("id")).toMatchObject({ type: "bigint", identity: "always", nullable: false });
    expect(byName.get("name")).toMatchObject({ comment: "display name", nullable: false });
    expect(byName.get("mood")).toMatchObject({
      enumValues: ["calm", "busy"],
      enumName: "mood",
      default: "'calm'::app.mood",
    });
    expect(byName.get("tags")).toMatchObject({ type: "text[]", baseType: "text", dimensions: 1 });
    expect(detail?.indexes.map((index) => index.name).sort()).toEqual([
      "parents_name_key",
      "parents_pkey",
    ]);
  });

  it("reads foreign keys both ways, indexes, checks and triggers", async () => {
    const children = await readTableDetail(pg, "app", "children");
    expect(children?.references).toEqual([
      expect.objectContaining({
        columns: ["parent_id"],
        refSchema: "app",
        refTable: "parents",
        refColumns: ["id"],
        onDelete: "cascade",
      }),
    ]);
    const created = children?.indexes.find((index) => index.name === "children_created");
    expect(created).toMatchObject({
      columns: ["created_at"],
      unique: false,
      scans: 0,
      unused: true,
    });
    expect(children?.indexes.find((index) => index.primary)?.unused).toBe(false);
    expect(children?.constraints.map((constraint) => constraint.kind).sort()).toEqual([
      "check",
      "foreign key",
      "primary key",
    ]);
    expect(children?.triggers.map((trigger) => trigger.name)).toEqual(["children_touch"]);
    const parents = await readTableDetail(pg, "app", "parents");
    expect(parents?.referencedBy.map((key) => `${key.table}.${key.columns[0]}`)).toEqual([
      "children.parent_id",
    ]);
  });

  it("lists a partitioned table's partitions and has no ctid to page by", async () => {
    const events = await readTableDetail(pg, "app", "events");
    expect(events?.kind).toBe("partitioned table");
    expect(events?.partitions).toEqual(["app.events_a", "app.events_b"]);
    const partition = await readTableDetail(pg, "app", "events_a");
    expect(partition?.partitionOf).toBe("app.events");
    expect(
      choosePagingKey({ ...(events as NonNullable<typeof events>), engine: "postgres" }),
    ).toEqual({ kind: "none" });
  });

  it("pages a table without a key by ctid, and reads a view's definition", async () => {
    const loose = await readTableDetail(pg, "app", "loose");
    expect(loose?.primaryKey).toEqual([]);
    expect(
      choosePagingKey({ ...(loose as NonNullable<typeof loose>), engine: "postgres" }),
    ).toEqual({
      kind: "physical",
      name: "ctid",
    });
    const view = await readTableDetail(pg, "app", "parent_names");
    expect(view).toMatchObject({ kind: "view", rowsEstimate: null });
    expect(view?.viewDefinition).toContain("parents");
    expect(await readTableDetail(pg, "app", "nope")).toBeNull();
  });
});

describe("SQLite table detail", () => {
  it("reads composite keys, foreign keys both ways, indexes, checks and triggers", async () => {
    const tasks = await readTableDetail(lite, "main", "workflow_tasks");
    expect(tasks?.primaryKey).toEqual(["workflow_id", "task_id"]);
    expect(tasks?.references[0]).toMatchObject({
      refTable: "workflows",
      refColumns: ["id"],
      onDelete: "cascade",
    });
    expect(tasks?.columns.find((column) => column.name === "sequence")).toMatchObject({
      baseType: "integer",
      default: "0",
      nullable: false,
    });
    expect(tasks?.indexes.map((index) => index.name)).toContain("idx_wt_seq");
    const workflows = await readTableDetail(lite, "main", "workflows");
    expect(workflows?.referencedBy.map((key) => key.table)).toEqual(["workflow_tasks"]);
    expect(workflows?.constraints.find((c) => c.kind === "check")?.definition).toContain(
      "'draft', 'active'",
    );
    expect(workflows?.triggers.map((trigger) => trigger.name)).toEqual(["wf_touch"]);
  });

  it("pages a keyless table by rowid and knows views", async () => {
    const notes = await readTableDetail(lite, "main", "notes");
    expect(choosePagingKey({ ...(notes as NonNullable<typeof notes>), engine: "sqlite" })).toEqual({
      kind: "physical",
      name: "rowid",
    });
    expect((await readTableDetail(lite, "main", "active"))?.kind).toBe("view");
  });
});
