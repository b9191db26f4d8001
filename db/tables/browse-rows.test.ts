import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorCodec, InvalidCursorError } from "@/lib/cursor";
import { maskPolicy } from "@/lib/tables/masking";
import { choosePagingKey } from "@/lib/tables/paging-key";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { readTableDetail } from "../catalog/table-detail";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type TargetConnection,
} from "../targets/connect";
import { type BrowseParams, browseRows as browseWith, readOneRow } from "./browse-rows";
import type { OpenTable } from "./open-table";

let database: TestDatabase;
const cursors = cursorCodec(randomBytes(32));
const browseRows = (table: OpenTable, params: BrowseParams) => browseWith(table, params, cursors);
const connections: TargetConnection[] = [];

const HOSTILE = [
  "it's",
  "50%",
  "a_b",
  "back\\slash",
  "'; drop table app.items; --",
  "ünïcødé 🚂",
  "x".repeat(5000),
];

async function open(
  connection: TargetConnection,
  schema: string,
  name: string,
): Promise<OpenTable> {
  const detail = await readTableDetail(connection, schema, name);
  if (!detail) throw new Error(`no ${schema}.${name}`);
  const target =
    connection.kind === "postgres"
      ? testTarget({ url: database.url })
      : testTarget({ file: "unused.db" });
  return {
    target,
    connection,
    detail,
    key: choosePagingKey({ ...detail, engine: connection.kind }),
    policy: maskPolicy(
      name,
      detail.columns.map((column) => column.name),
      [],
    ),
    protection: null,
  };
}

/** Walks every page forwards, then from the last page back to the first. */
async function walk(table: OpenTable, params: Omit<BrowseParams, "cursor">, column: string) {
  const forward: string[] = [];
  let cursor: string | null = null;
  let last: { prevCursor: string | null; ids: string[] } | null = null;
  do {
    const page = await browseRows(table, { ...params, cursor });
    const ids = page.rows.map((row) => String(row.cells[column]?.value));
    forward.push(...ids);
    last = { prevCursor: page.prevCursor, ids };
    cursor = page.nextCursor;
  } while (cursor);
  const backward: string[] = [...(last?.ids ?? [])].reverse();
  cursor = last?.prevCursor ?? null;
  while (cursor) {
    const page = await browseRows(table, { ...params, cursor });
    backward.push(...page.rows.map((row) => String(row.cells[column]?.value)).reverse());
    cursor = page.prevCursor;
  }
  return { forward, backward: backward.reverse() };
}

beforeAll(async () => {
  database = await createTestDatabase("browse_rows");
  const pg = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
  connections.push(pg);
  await pg.sql.unsafe(`
    create schema app;
    create table app.items (id int primary key, label text, score int, doc jsonb, api_token text);
    insert into app.items select g, 'item ' || g, case when g % 7 = 0 then null else g % 5 end,
      jsonb_build_object('n', g, 'even', g % 2 = 0), 'tok-' || g from generate_series(1, 237) g;
    create index items_score on app.items (score);
    create table app.loose (n int, note text);
    insert into app.loose select g, 'n' || g from generate_series(1, 95) g;
  `);
  const values = HOSTILE.map((_text, index) => `(${1000 + index}, $${index + 1})`).join(", ");
  await pg.sql.unsafe(`insert into app.items (id, label) values ${values}`, HOSTILE);
});

afterAll(async () => {
  for (const connection of connections) await closeConnection(connection);
  await database.drop();
});

describe("keyset paging on PostgreSQL", () => {
  it("visits each row once forwards and backwards, by primary key", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "items");
    const { forward, backward } = await walk(table, { filter: [], limit: 20 }, "id");
    expect(forward).toHaveLength(237 + HOSTILE.length);
    expect(new Set(forward).size).toBe(forward.length);
    expect(backward).toEqual(forward);
  });

  it("does so sorted by a nullable column, descending, with filters", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "items");
    const params = { filter: ["id:lte:237", "doc:has:even=true"], sort: "-score", limit: 9 };
    const { forward, backward } = await walk(table, params, "id");
    expect(forward).toHaveLength(118);
    expect(new Set(forward).size).toBe(118);
    expect(backward).toEqual(forward);
    const first = await browseRows(table, { ...params, cursor: null });
    expect(first.rows[0]?.cells.score?.value).toBeNull();
  });

  it("reads only cursors it signed for this table and sort", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "items");
    const first = await browseRows(table, { filter: [], sort: "-score", limit: 5 });
    const next = first.nextCursor ?? "";
    expect(
      (await browseRows(table, { filter: [], sort: "-score", cursor: next })).rows,
    ).toHaveLength(50);
    const refused = [
      browseRows(table, { filter: [], sort: "score", cursor: next }),
      browseRows(table, { filter: [], cursor: next }),
      browseWith(table, { filter: [], sort: "-score", cursor: next }, cursorCodec(randomBytes(32))),
      browseRows(table, { filter: [], sort: "-score", cursor: `${next.slice(0, -1)}A` }),
    ];
    for (const attempt of refused) await expect(attempt).rejects.toThrow(InvalidCursorError);
  });

  it("pages a keyless table by ctid", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "loose");
    const { forward, backward } = await walk(table, { filter: ["n:gt:10"], limit: 10 }, "n");
    expect(forward).toHaveLength(85);
    expect(new Set(forward).size).toBe(85);
    expect(backward).toEqual(forward);
  });

  it("matches hostile filter values literally and never breaks the SQL", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "items");
    for (const [index, text] of HOSTILE.entries()) {
      const eq = await browseRows(table, { filter: [`label:eq:${text}`] });
      expect(eq.rows.map((row) => row.cells.id?.value)).toEqual([String(1000 + index)]);
    }
    const percent = await browseRows(table, { filter: ["label:contains:%"] });
    expect(percent.rows.map((row) => row.cells.id?.value)).toEqual(["1001"]);
    const underscore = await browseRows(table, { filter: ["label:contains:_"] });
    expect(underscore.rows.map((row) => row.cells.id?.value)).toEqual(["1002"]);
    const unicode = await browseRows(table, { filter: ["label:contains:ÜNÏ"] });
    expect(unicode.rows).toHaveLength(1);
    await expect(browseRows(table, { filter: ["score:eq:'; select 1"] })).rejects.toThrow(
      /does not fit/,
    );
    await expect(browseRows(table, { filter: ['nope":eq:1'] })).rejects.toThrow(/no column/);
  });

  it("truncates long cells in the grid and masks secret columns", async () => {
    const table = await open(connections[0] as TargetConnection, "app", "items");
    const page = await browseRows(table, { filter: ["id:eq:1006"] });
    expect(page.rows[0]?.cells.label).toMatchObject({ truncated: true });
    expect(String(page.rows[0]?.cells.label?.value).length).toBeLessThan(400);
    const whole = await readOneRow(table, page.rows[0]?.key ?? "");
    expect(whole?.cells.label?.value).toHaveLength(5000);
    const secret = await browseRows(table, { filter: ["id:eq:5"] });
    expect(secret.rows[0]?.cells.api_token).toMatchObject({ masked: "column" });
    expect(JSON.stringify(secret)).not.toContain("tok-5");
    await expect(browseRows(table, { filter: ["api_token:eq:tok-5"] })).rejects.toThrow(/secrets/);
  });
});

describe("keyset paging on SQLite", () => {
  it("visits each row once, by rowid and by a composite key, and masks flagged rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-rows-"));
    const lite = connectSqlite(path.join(dir, "r.db"), 2000);
    connections.push(lite);
    await lite.client.executeMultiple(`
      create table notes (body text);
      create table pairs (a text not null, b integer not null, primary key (a, b));
      create table configurations (key text primary key, value text not null, is_secret integer not null);
      insert into configurations values ('db', 'postgres://u:hunter2@h/x', 0), ('key', 'sk-live-123', 1);
    `);
    for (let index = 0; index < 60; index += 1) {
      await lite.client.execute({ sql: "insert into notes values (?)", args: [`n${index} 50%`] });
      await lite.client.execute({
        sql: "insert into pairs values (?, ?)",
        args: [`k${index % 4}`, index],
      });
    }
    const notes = await open(lite, "main", "notes");
    const walked = await walk(notes, { filter: ["body:contains:1 50%"], limit: 4 }, "body");
    expect(walked.forward).toHaveLength(6);
    expect(walked.backward).toEqual(walked.forward);
    const pairs = await open(lite, "main", "pairs");
    const byPair = await walk(pairs, { filter: ["b:gte:10"], sort: "-b", limit: 7 }, "b");
    expect(byPair.forward).toEqual(Array.from({ length: 50 }, (_, i) => String(59 - i)));
    expect(byPair.backward).toEqual(byPair.forward);
    const configurations = await open(lite, "main", "configurations");
    const page = await browseRows(configurations, { filter: [] });
    const text = JSON.stringify(page);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("sk-live-123");
    expect(page.rows.map((row) => row.cells.value?.masked)).toEqual(["value", "row"]);
  });
});
