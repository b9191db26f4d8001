import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import {
  drizzleJournal,
  drizzleMigrate,
  knexMigration,
  knexOn,
  nodePgMigrate,
  nodePgMigrateSql,
} from "../testing/real-tool-fixtures";
import { makeFolder, sourceConfig, statesOf, writeFiles } from "../testing/source-fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("migrations_real_tools");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const context = () => ({ targetId: "t", connection, home: null });

describe("drizzle-orm's migrator", () => {
  it("is read back: applied, pending like drizzle, older unrecorded files out of order, edits drifted", async () => {
    const folder = makeFolder({
      "0000_a.sql":
        "CREATE TABLE d_a (id int);\n--> statement-breakpoint\nCREATE INDEX d_a_id ON d_a (id);",
      "0001_b.sql": "CREATE TABLE d_b (id int);",
      "meta/_journal.json": drizzleJournal([
        [1_700_000_000_000, "0000_a"],
        [1_700_000_100_000, "0001_b"],
      ]),
    });
    await drizzleMigrate(connection.sql, folder);

    // A newer migration, and one dated before 0001 (a merge from another branch).
    writeFiles(folder, {
      "0002_c.sql": "CREATE TABLE d_c (id int);",
      "0003_late.sql": "CREATE TABLE d_late (id int);",
      "meta/_journal.json": drizzleJournal([
        [1_700_000_000_000, "0000_a"],
        [1_700_000_100_000, "0001_b"],
        [1_700_000_200_000, "0002_c"],
        [1_700_000_050_000, "0003_late"],
      ]),
    });
    const before = await reconcileSource(sourceConfig(folder, "drizzle"), context());
    expect(before.ledger).toEqual({
      kind: "drizzle",
      table: "drizzle.__drizzle_migrations",
      present: true,
    });
    expect(statesOf(before)).toEqual({
      "0000_a": "applied",
      "0001_b": "applied",
      "0002_c": "pending",
      "0003_late": "out_of_order",
    });
    expect(before.migrations[0]?.checksum.recorded).toBe(before.migrations[0]?.checksum.computed);

    // drizzle's own idea: it runs 0002_c and silently skips 0003_late.
    await drizzleMigrate(connection.sql, folder);
    const tables =
      await connection.sql`select tablename from pg_tables where tablename like 'd\\_%' order by 1`;
    expect(tables.map((row) => row.tablename)).toEqual(["d_a", "d_b", "d_c"]);

    fs.appendFileSync(path.join(folder, "0001_b.sql"), "\n-- edited after the fact\n");
    const after = await reconcileSource(sourceConfig(folder, "drizzle"), context());
    expect(statesOf(after)).toEqual({
      "0000_a": "applied",
      "0001_b": "drifted",
      "0002_c": "applied",
      "0003_late": "out_of_order",
    });
  });
});

describe("knex", () => {
  it("pending equals knex's own pending list; a deleted file is missing", async () => {
    const folder = makeFolder({
      "20240101000000_one.js": knexMigration("k_one"),
      "20240102000000_two.js": knexMigration("k_two"),
      "20240103000000_three.js": knexMigration("k_three"),
      "20240104000000_four.js": knexMigration("k_four"),
    });
    const knex = knexOn(database.url, folder);
    try {
      await knex.migrate.up();
      await knex.migrate.up();
      const [, pending] = (await knex.migrate.list()) as [unknown[], { file: string }[]];
      const report = await reconcileSource(sourceConfig(folder, "knex"), context());
      const ours = report.migrations
        .filter((m) => m.state === "pending")
        .map((m) => m.file?.meta.fileName);
      expect(ours).toEqual(pending.map((entry) => entry.file));
      expect(ours).toEqual(["20240103000000_three.js", "20240104000000_four.js"]);
      expect(report.migrations[0]?.ledgerRow?.raw.batch).toBe(1);
      expect(report.migrations[0]?.appliedAt).toBeInstanceOf(Date);

      fs.rmSync(path.join(folder, "20240101000000_one.js"));
      const gone = await reconcileSource(sourceConfig(folder, "knex"), context());
      expect(statesOf(gone)["20240101000000_one.js"]).toBe("missing_file");
    } finally {
      await knex.destroy();
    }
  });
});

describe("node-pg-migrate", () => {
  it("pending equals node-pg-migrate's dry run; an older unrun file is out of order, as it says", async () => {
    const folder = makeFolder({
      "1700000000000_first.sql": nodePgMigrateSql("n_first"),
      "1700000100000_second.sql": nodePgMigrateSql("n_second"),
      "1700000200000_third.sql": nodePgMigrateSql("n_third"),
    });
    await nodePgMigrate(database.url, folder, { count: 2 });
    const toolPending = await nodePgMigrate(database.url, folder, { dryRun: true });
    const report = await reconcileSource(sourceConfig(folder, "node-pg-migrate"), context());
    const ours = report.migrations.filter((m) => m.state === "pending").map((m) => m.id);
    expect(ours).toEqual(toolPending.map((m) => m.name));
    expect(ours).toEqual(["1700000200000_third"]);
    expect(report.migrations[0]?.file?.upSql).toBe("CREATE TABLE n_first (id int);");
    expect(report.migrations[0]?.file?.downSql).toBe("DROP TABLE n_first;");

    writeFiles(folder, { "1700000050000_between.sql": nodePgMigrateSql("n_between") });
    await expect(nodePgMigrate(database.url, folder, { dryRun: true })).rejects.toThrow(
      /preceding/,
    );
    const late = await reconcileSource(sourceConfig(folder, "node-pg-migrate"), context());
    expect(statesOf(late)["1700000050000_between"]).toBe("out_of_order");
  });
});
