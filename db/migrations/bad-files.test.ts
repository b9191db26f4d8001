import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateHome } from "@/db/migrate-home";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { migrationStatus } from "./migration-status";
import { reconcileSource } from "./reconcile-source";
import { makeFolder, sourceConfig, statesOf } from "./testing/source-fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("migrations_bad_files");
  await migrateHome(database.url);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const context = () => ({ targetId: "t", connection, home: connection.sql });
/** "caf\xe9": Latin-1, as an editor with the wrong encoding saves it. */
const LATIN1 = Buffer.concat([
  Buffer.from("CREATE TABLE menu (id int);\n-- caf"),
  Buffer.from([0xe9]),
  Buffer.from(" au lait\n"),
]);

describe("bad migration files are findings on their source, never errors", () => {
  it("reads the good files around an unreadable one, a non-UTF-8 one and one that does not parse", async () => {
    const folder = makeFolder({
      "001_ok.sql": "CREATE TABLE a (id int);\n",
      "004_typo.sql": "CREATE TABLE b (id int);\nSELEC * FORM b;\n",
      "005_ok.sql": "CREATE TABLE c (id int);\n",
    });
    fs.writeFileSync(path.join(folder, "002_latin1.sql"), LATIN1);
    // A file that is listed but cannot be read (root reads any mode, so: a link to nothing).
    fs.symlinkSync("/nonexistent/003_gone.sql", path.join(folder, "003_gone.sql"));

    const report = await reconcileSource(sourceConfig(folder, "numbered"), context());

    expect(statesOf(report)).toEqual({
      "001_ok": "pending",
      "002_latin1": "pending",
      "004_typo": "pending",
      "005_ok": "pending",
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        code: "file_unreadable",
        severity: "error",
        file: "003_gone.sql",
        message: expect.stringMatching(/^003_gone\.sql cannot be read \(ENOENT/),
      }),
    );
    const byId = Object.fromEntries(report.migrations.map((m) => [m.id, m]));
    expect(byId["002_latin1"]?.findings).toContainEqual(
      expect.objectContaining({
        code: "invalid_utf8",
        severity: "error",
        message:
          "002_latin1.sql is not valid UTF-8 (byte 0xe9 at line 2, column 7): PostgreSQL would refuse it; the text shown has � in its place",
      }),
    );
    expect(byId["002_latin1"]?.file?.upSql).toContain("caf\uFFFD au lait");
    expect(byId["004_typo"]?.findings).toContainEqual(
      expect.objectContaining({
        code: "syntax_error",
        severity: "error",
        message: expect.stringMatching(/syntax error at or near "SELEC" \(line 2, column 1 of/),
      }),
    );
    for (const good of ["001_ok", "005_ok"]) {
      expect(byId[good]?.findings.filter((f) => f.severity === "error")).toEqual([]);
    }
  });

  it("does the same for drizzle and Prisma folders", async () => {
    const drizzle = makeFolder({
      "meta/_journal.json": JSON.stringify({
        entries: [
          { idx: 0, when: 1, tag: "0000_init" },
          { idx: 1, when: 2, tag: "0001_menu" },
        ],
      }),
      "0000_init.sql": "CREATE TABLE a (id int);",
    });
    fs.writeFileSync(path.join(drizzle, "0001_menu.sql"), LATIN1);
    const fromDrizzle = await reconcileSource(sourceConfig(drizzle, "drizzle"), context());
    expect(fromDrizzle.migrations.find((m) => m.id === "0001_menu")?.findings).toContainEqual(
      expect.objectContaining({ code: "invalid_utf8", file: "0001_menu.sql" }),
    );

    const prisma = makeFolder({ "20250101000000_init/migration.sql": "CREATE TABLE a (id int);" });
    fs.mkdirSync(path.join(prisma, "20250102000000_gone"));
    fs.symlinkSync("/nonexistent", path.join(prisma, "20250102000000_gone", "migration.sql"));
    const fromPrisma = await reconcileSource(sourceConfig(prisma, "prisma"), context());
    expect(fromPrisma.migrations.map((m) => m.id)).toEqual(["20250101000000_init"]);
    expect(fromPrisma.findings).toContainEqual(
      expect.objectContaining({ message: "20250102000000_gone/ has no migration.sql" }),
    );
  });

  it("keeps every other source of the target when one folder is missing", async () => {
    const good = makeFolder({ "001_ok.sql": "CREATE TABLE a (id int);\n" });
    const target = testTarget(
      { url: database.url },
      {
        migrations: [
          sourceConfig("/nonexistent/folder", "numbered", { id: "gone" }),
          sourceConfig(good, "numbered", { id: "good" }),
        ],
      },
    );
    const [report] = await migrationStatus([target], {
      connect: () => connection,
      home: connection.sql,
    });
    expect(report?.error).toBeNull();
    expect(report?.sources.map((s) => [s.id, s.findings[0]?.code ?? null])).toEqual([
      ["gone", "folder_missing"],
      ["good", null],
    ]);
    expect(report?.sources[1]?.migrations.map((m) => m.id)).toEqual(["001_ok"]);
  });
});
