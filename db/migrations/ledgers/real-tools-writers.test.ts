import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import { errorCode } from "@/lib/database-error";
import type { MigrationFile } from "@/lib/migrations/model";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import { applyWithLedger, filesOf, inLedgerTransaction, TARGET_ID } from "../testing/ledger-writes";
import {
  createTable,
  drizzleJournal,
  drizzleMigrate,
  knexMigration,
  knexOn,
  nodePgMigrate,
  nodePgMigrateSql,
} from "../testing/real-tool-fixtures";
import { makeFolder, sourceConfig, statesOf } from "../testing/source-fixture";

/**
 * Switchyard applies a folder itself (the files' SQL and its ledger rows on one transaction),
 * then the real tool runs its own migrate command on the same database and finds nothing left to
 * do. The converse shows the rows are what stops it: without the last file's row, the tool runs
 * that file again (and fails on its table, which is there), and after the table is dropped it
 * applies the file and records it itself.
 */

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("ledger_writers_real_tools");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const tablesLike = async (pattern: string) =>
  (
    await connection.sql`select tablename from pg_tables where tablename like ${pattern} order by 1`
  ).map((row) => row.tablename);

/** Removes the last file's row only (the file's table stays), as a rollback's ledger write. */
async function dropLastRow(source: MigrationSourceConfig, files: MigrationFile[]) {
  const [previous, last] = files.slice(-2);
  if (!last) throw new Error("no files");
  await inLedgerTransaction(connection.sql, source, (writer, context) =>
    writer.recordRolledBack(context, last, previous ?? null),
  );
}

/** The SQLSTATE a tool's run failed with (42P07: the table it would create exists). */
const failure = (run: Promise<unknown>) => run.then(() => "ran without error", errorCode);

describe("drizzle-orm's migrator", () => {
  it("runs nothing after Switchyard's apply; without the last row it runs that file again", async () => {
    const folder = makeFolder({
      "0000_a.sql": `${createTable("wd_a")}\n--> statement-breakpoint\nCREATE INDEX wd_a_id ON wd_a (id);`,
      "0001_b.sql": createTable("wd_b"),
      "meta/_journal.json": drizzleJournal([
        [1_700_000_000_000, "0000_a"],
        [1_700_000_100_000, "0001_b"],
      ]),
    });
    const source = sourceConfig(folder, "drizzle");
    const files = filesOf(source);
    const rows = async () =>
      (
        await connection.sql`select hash, created_at from drizzle.__drizzle_migrations order by id`
      ).map((row) => ({ ...row }));
    await applyWithLedger(connection.sql, source, files);
    const ours = await rows();
    expect(ours).toHaveLength(2);

    // Had drizzle run a file, CREATE TABLE would have failed: its tables exist.
    await drizzleMigrate(connection.sql, folder);
    expect(await rows()).toEqual(ours);

    await dropLastRow(source, files);
    expect(await failure(drizzleMigrate(connection.sql, folder))).toBe("42P07");
    await connection.sql`DROP TABLE wd_b`;
    await drizzleMigrate(connection.sql, folder);
    expect(await tablesLike("wd\\_%")).toEqual(["wd_a", "wd_b"]);
    // drizzle's own row for 0001_b is the row Switchyard wrote.
    expect(await rows()).toEqual(ours);
  });
});

describe("knex", () => {
  it("has nothing pending after Switchyard's apply; without the last row it runs that file again", async () => {
    const tables: Record<string, string> = {
      "20240101000000_one.js": "wk_one",
      "20240102000000_two.js": "wk_two",
    };
    const folder = makeFolder(
      Object.fromEntries(
        Object.entries(tables).map(([file, table]) => [file, knexMigration(table)]),
      ),
    );
    const source = sourceConfig(folder, "knex");
    const files = filesOf(source);
    // knex migrations are JavaScript: run the statement each one runs.
    await applyWithLedger(connection.sql, source, files, (file) =>
      createTable(tables[String(file.meta.fileName)] ?? "missing"),
    );
    const knex = knexOn(database.url, folder);
    try {
      expect(await knex.migrate.status()).toBe(0);
      expect(await knex.migrate.latest()).toEqual([2, []]);

      await dropLastRow(source, files);
      expect(await knex.migrate.status()).toBe(-1);
      expect(await failure(knex.migrate.latest())).toBe("42P07");
      await connection.sql`DROP TABLE wk_two`;
      expect(await knex.migrate.latest()).toEqual([2, ["20240102000000_two.js"]]);
      expect(await knex.migrate.status()).toBe(0);
    } finally {
      await knex.destroy();
    }
  });
});

describe("node-pg-migrate", () => {
  it("runs nothing after Switchyard's apply; without the last row it runs that file again", async () => {
    const folder = makeFolder({
      "1700000000000_first.sql": nodePgMigrateSql("wn_first"),
      "1700000100000_second.sql": nodePgMigrateSql("wn_second"),
    });
    const source = sourceConfig(folder, "node-pg-migrate");
    const files = filesOf(source);
    await applyWithLedger(connection.sql, source, files);
    expect(await nodePgMigrate(database.url, folder)).toEqual([]);

    await dropLastRow(source, files);
    expect(await failure(nodePgMigrate(database.url, folder))).toBe("42P07");
    await connection.sql`DROP TABLE wn_second`;
    const ran = await nodePgMigrate(database.url, folder);
    expect(ran.map((migration) => migration.name)).toEqual(["1700000100000_second"]);

    const report = await reconcileSource(source, { targetId: TARGET_ID, connection, home: null });
    expect(statesOf(report)).toEqual({
      "1700000000000_first": "applied",
      "1700000100000_second": "applied",
    });
  });
});
