import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnection, connectSqlite, type SqliteConnection } from "../../targets/connect";
import { dryRun } from "./dry-run";

let dir: string;
let connection: SqliteConnection;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-dry-run-"));
  connection = connectSqlite(path.join(dir, "queue.db"), 1_000);
  await connection.client.executeMultiple(`
    CREATE TABLE tasks (id INTEGER PRIMARY KEY, state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER);
    INSERT INTO tasks (state) VALUES ('pending'), ('running'), ('done');
  `);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The file's schema and rows, read without the snapshot code. */
async function independentState() {
  const schema = await connection.client.execute(
    "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
  );
  const rows = await connection.client.execute("SELECT * FROM tasks ORDER BY id");
  return { schema: schema.rows.map((r) => ({ ...r })), rows: rows.rows.map((r) => ({ ...r })) };
}

describe("dry run on SQLite", () => {
  it("reports each statement's changes, stops at the broken one and rolls everything back", async () => {
    const before = await independentState();
    const result = await dryRun(connection, [
      {
        migrationId: "0001_notes",
        sql: [
          "ALTER TABLE tasks ADD COLUMN note TEXT;",
          "CREATE INDEX tasks_state ON tasks (state);",
          "CREATE TRIGGER tasks_touch AFTER UPDATE ON tasks BEGIN",
          "  UPDATE tasks SET note = CASE WHEN new.state = 'done' THEN 'finished;' ELSE note END WHERE id = new.id;",
          "END;",
          "UPDATE tasks SET state = 'done';",
        ].join("\n"),
      },
      {
        migrationId: "0002_broken",
        sql: [
          "CREATE TABLE queues (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
          "  INSERT INTO tasks (nope) VALUES (1);",
          "DROP TABLE tasks;",
        ].join("\n"),
      },
    ]);
    expect(result.ok).toBe(false);
    expect(result.catalogUnchanged).toBe(true);
    expect(result.files.map((f) => f.statements.map((s) => [s.line, s.status]))).toEqual([
      [
        [1, "ok"],
        [2, "ok"],
        [3, "ok"],
        [6, "ok"],
      ],
      [
        [1, "ok"],
        [2, "failed"],
        [3, "not_run"],
      ],
    ]);
    expect(result.files[0]?.statements.map((s) => s.changes)).toEqual([
      [{ kind: "column", name: "tasks.note", change: "created" }],
      [{ kind: "index", name: "tasks_state", change: "created" }],
      [{ kind: "trigger", name: "tasks_touch", change: "created" }],
      [],
    ]);
    expect(result.files[1]?.statements[0]?.changes).toEqual([
      {
        kind: "table",
        name: "queues",
        change: "created",
        detail: "id INTEGER, name TEXT NOT NULL",
      },
    ]);
    expect(result.files[1]?.statements[1]?.error).toEqual({
      message: "table tasks has no column named nope",
      code: "SQLITE_ERROR",
      line: 2,
      column: 3,
    });
    expect(result.notes[0]).toMatch(/^SQLite has no lock_timeout or statement_timeout/);
    expect(await independentState()).toEqual(before);
  });

  it("does not run VACUUM or the file's own BEGIN/COMMIT", async () => {
    const before = await independentState();
    const sql = "BEGIN;\nUPDATE tasks SET attempts = 1;\nCOMMIT;\nVACUUM;";
    const result = await dryRun(connection, [{ migrationId: "0003_vacuum", sql }]);
    expect(result.ok).toBe(true);
    expect(result.files[0]?.statements.map((s) => s.status)).toEqual([
      "skipped_transaction_control",
      "ok",
      "skipped_transaction_control",
      "skipped_outside_transaction",
    ]);
    expect(result.files[0]?.transaction).toEqual({
      mode: "none",
      reason: "line 4 (VACUUM): VACUUM cannot run inside a transaction block",
    });
    expect(await independentState()).toEqual(before);
  });
});
