import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Transaction } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
  type SqliteConnection,
} from "@/db/targets/connect";
import { LEDGER_KINDS } from "@/lib/migrations/model";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import {
  appliedFile,
  filesOf,
  inLedgerTransaction,
  TARGET_ID,
  writeContext,
} from "../testing/ledger-writes";
import { makeFolder, sourceConfig, statesOf } from "../testing/source-fixture";
import { LEDGER_WRITERS } from "./ledger-writers";

let database: TestDatabase;
let connection: PostgresConnection;
let sqlite: SqliteConnection;

beforeAll(async () => {
  database = await createTestDatabase("ledger_writer_edges");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  sqlite = connectSqlite(
    path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-ledger-")), "t.db"),
    5_000,
  );
});

afterAll(async () => {
  await closeConnection(sqlite);
  await closeConnection(connection);
  await database.drop();
});

async function inSqliteTransaction(work: (tx: Transaction) => Promise<void>): Promise<void> {
  const tx = await sqlite.client.transaction("write");
  try {
    await work(tx);
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  } finally {
    tx.close();
  }
}

describe("sqlx on SQLite", () => {
  const source = sourceConfig(
    makeFolder({
      "20250115_001_create_t.sql":
        "-- UP\nCREATE TABLE t (id TEXT);\n\n-- DOWN\n-- DROP TABLE t;\n",
      "20250301_008_add_priority.up.sql": "ALTER TABLE t ADD COLUMN priority INTEGER;\n",
      "20250301_008_add_priority.down.sql": "ALTER TABLE t DROP COLUMN priority;\n",
    }),
    "sqlx",
    { sequenceInVersion: true },
  );
  const files = filesOf(source);
  const reconcile = () =>
    reconcileSource(source, { targetId: TARGET_ID, connection: sqlite, home: null });
  const context = (tx: Transaction) => writeContext(source, { kind: "sqlite", tx });

  it("writes on the transaction: rows read back applied with SHA-384; rollback makes the last pending", async () => {
    const [first, last] = files;
    if (!first || !last) throw new Error("two files expected");
    const aborted = inSqliteTransaction(async (tx) => {
      await LEDGER_WRITERS.sqlx.ensureTable(context(tx));
      await LEDGER_WRITERS.sqlx.recordApplied(context(tx), appliedFile(first));
      throw new Error("the file failed");
    });
    await expect(aborted).rejects.toThrow("the file failed");
    expect((await reconcile()).ledger.present).toBe(false);

    await inSqliteTransaction(async (tx) => {
      await LEDGER_WRITERS.sqlx.ensureTable(context(tx));
      await LEDGER_WRITERS.sqlx.ensureTable(context(tx));
      for (const file of files)
        await LEDGER_WRITERS.sqlx.recordApplied(context(tx), appliedFile(file));
    });
    const report = await reconcile();
    expect(report.ledger).toEqual({ kind: "sqlx", table: "_sqlx_migrations", present: true });
    expect(statesOf(report)).toEqual({
      "20250115_001_create_t": "applied",
      "20250301_008_add_priority": "applied",
    });
    const [one] = report.migrations;
    expect(one?.checksum.recorded).toBe(one?.checksum.computed);
    expect(one?.checksum.computed).toHaveLength(96);
    expect(one?.durationMs).toBe(1500);
    expect(one?.ledgerRow?.raw).toMatchObject({
      version: 20250115001,
      description: "001 create t",
    });

    await inSqliteTransaction((tx) =>
      LEDGER_WRITERS.sqlx.recordRolledBack(context(tx), last, first),
    );
    expect(statesOf(await reconcile())).toEqual({
      "20250115_001_create_t": "applied",
      "20250301_008_add_priority": "pending",
    });
  });

  it("refuses the other tool ledgers on SQLite, before writing anything", async () => {
    const [first] = files;
    if (!first) throw new Error("no file");
    const postgresOnly = LEDGER_KINDS.filter((kind) => kind !== "sqlx" && kind !== "switchyard");
    for (const kind of postgresOnly) {
      const writer = LEDGER_WRITERS[kind];
      await inSqliteTransaction(async (tx) => {
        await expect(writer.ensureTable(context(tx))).rejects.toMatchObject({
          code: "ledger_unsupported",
        });
        await expect(writer.recordApplied(context(tx), appliedFile(first))).rejects.toMatchObject({
          code: "ledger_unsupported",
        });
      });
    }
    const tables = await sqlite.client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    );
    expect(tables.rows.map((row) => row.name)).toEqual(["_sqlx_migrations"]);
  });
});

describe("golang-migrate's single row", () => {
  const pair = (name: string) => ({
    [`${name}.up.sql`]: "select 1;",
    [`${name}.down.sql`]: "select 0;",
  });
  const source = sourceConfig(
    makeFolder({ ...pair("000001_one"), ...pair("000002_two"), ...pair("000003_three") }),
    "golang-migrate",
  );
  const [one, two, three] = filesOf(source);
  const version = async () =>
    (await connection.sql`select version, dirty from schema_migrations`).map((row) => ({ ...row }));
  const run = (work: Parameters<typeof inLedgerTransaction>[2]) =>
    inLedgerTransaction(connection.sql, source, work);

  it("moves back one file at a time, refuses without the previous file, and empties at the first", async () => {
    if (!one || !two || !three) throw new Error("three files expected");
    await run(async (writer, context) => {
      await writer.ensureTable(context);
      for (const file of [one, two, three]) await writer.recordApplied(context, appliedFile(file));
    });
    expect(await version()).toEqual([{ version: "3", dirty: false }]);

    await run((writer, context) => writer.recordRolledBack(context, three, two));
    expect(await version()).toEqual([{ version: "2", dirty: false }]);
    await expect(
      run((writer, context) => writer.recordRolledBack(context, two)),
    ).rejects.toMatchObject({
      code: "previous_required",
    });
    // Not the current version: nothing moves.
    await expect(
      run((writer, context) => writer.recordRolledBack(context, one, null)),
    ).rejects.toMatchObject({ code: "ledger_row_missing" });
    expect(await version()).toEqual([{ version: "2", dirty: false }]);

    await run((writer, context) => writer.recordRolledBack(context, two, one));
    await run((writer, context) => writer.recordRolledBack(context, one, null));
    expect(await version()).toEqual([]);
    const report = await reconcileSource(source, { targetId: TARGET_ID, connection, home: null });
    expect(Object.values(statesOf(report))).toEqual(["pending", "pending", "pending"]);
  });
});

describe("tables beside the ledger", () => {
  it("knex: the lock table holds one unlocked row, however often the table is ensured", async () => {
    const source = sourceConfig(makeFolder({ "20240101000000_one.js": "" }), "knex");
    for (let round = 0; round < 2; round += 1) {
      await inLedgerTransaction(connection.sql, source, (writer, context) =>
        writer.ensureTable(context),
      );
    }
    const rows = await connection.sql`select * from knex_migrations_lock`;
    expect(rows.map((row) => ({ ...row }))).toEqual([{ index: 1, is_locked: 0 }]);
  });

  it("Flyway: a configured table gets Flyway's <table>_pk and <table>_s_idx", async () => {
    await connection.sql`CREATE SCHEMA audit`;
    const source = sourceConfig(makeFolder({ "V1__a.sql": "select 1;" }), "flyway", {
      ledger: { kind: "flyway", table: "audit.schema_history" },
    });
    await inLedgerTransaction(connection.sql, source, (writer, context) =>
      writer.ensureTable(context),
    );
    const indexes = await connection.sql`select indexname from pg_indexes
      where schemaname = 'audit' and tablename = 'schema_history' order by 1`;
    expect(indexes.map((row) => row.indexname)).toEqual([
      "schema_history_pk",
      "schema_history_s_idx",
    ]);
  });

  it("Switchyard's own ledger needs the home database", async () => {
    const source = sourceConfig(makeFolder({ "001_a.sql": "select 1;" }), "numbered");
    const [file] = filesOf(source);
    if (!file) throw new Error("no file");
    const context = writeContext(source, { kind: "postgres", sql: connection.sql }, null);
    await expect(
      LEDGER_WRITERS.switchyard.recordApplied(context, appliedFile(file)),
    ).rejects.toMatchObject({
      code: "home_unavailable",
    });
  });
});
