import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type PostgresConnection,
} from "@/db/targets/connect";
import { flywayChecksum } from "@/lib/migrations/checksum";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "../reconcile-source";
import {
  FLYWAY_DDL,
  GOLANG_MIGRATE_DDL,
  PRISMA_DDL,
  SQLX_POSTGRES_DDL,
  SUPABASE_DDL,
} from "../testing/documented-ledgers";
import { makeFolder, sourceConfig, statesOf } from "../testing/source-fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("migrations_documented");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const context = () => ({ targetId: "t", connection, home: null });
const sha = (algorithm: string, text: string) => createHash(algorithm).update(text).digest();

describe("sqlx", () => {
  const up = "CREATE TABLE s_items (id bigint);\n";
  const files = {
    "20240101000000_create_items.up.sql": up,
    "20240101000000_create_items.down.sql": "DROP TABLE s_items;\n",
    "20240102000000_add_name.up.sql": "ALTER TABLE s_items ADD COLUMN name text;\n",
    "20240102000000_add_name.down.sql": "ALTER TABLE s_items DROP COLUMN name;\n",
    "20240103000000_seed.sql": "INSERT INTO s_items VALUES (1);\n",
  };

  it("reads PostgreSQL's _sqlx_migrations: SHA-384 checksums, success, nanoseconds", async () => {
    await connection.sql.unsafe(SQLX_POSTGRES_DDL);
    await connection.sql`insert into _sqlx_migrations values
      (20240101000000, 'create items', now(), true, ${sha("sha384", up)}, 2500000),
      (20240102000000, 'add name', now(), false, ${sha("sha384", "other")}, 1000)`;
    const report = await reconcileSource(sourceConfig(makeFolder(files), "sqlx"), context());
    expect(statesOf(report)).toEqual({
      "20240101000000_create_items": "applied",
      "20240102000000_add_name": "failed",
      "20240103000000_seed": "pending",
    });
    const first = report.migrations[0];
    expect(first?.durationMs).toBe(2.5);
    expect(first?.file?.downSql).toBe("DROP TABLE s_items;\n");
    expect(first?.checksum.algorithm).toBe("sha384");
  });

  it("reads SQLite's _sqlx_migrations, with acolib's date-and-sequence versions", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-sqlx-")), "t.db");
    const sqlite = connectSqlite(file, 5_000);
    try {
      const text = "-- UP\nCREATE TABLE t (id TEXT);\n\n-- DOWN\n-- DROP TABLE t;\n";
      await sqlite.client.execute(`CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY,
        description TEXT NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
        success BOOLEAN NOT NULL, checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)`);
      await sqlite.client.execute({
        sql: "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (20250115001, '001 create t', TRUE, ?, 1000000)",
        args: [sha("sha384", text)],
      });
      const folder = makeFolder({
        "20250115_001_create_t.sql": text,
        "20250301_008_add_priority.up.sql": "ALTER TABLE t ADD COLUMN priority INTEGER;\n",
        "20250301_008_add_priority.down.sql": "ALTER TABLE t DROP COLUMN priority;\n",
      });
      const report = await reconcileSource(
        sourceConfig(folder, "sqlx", { sequenceInVersion: true }),
        { targetId: "t", connection: sqlite, home: null },
      );
      expect(report.ledger.table).toBe("_sqlx_migrations");
      expect(statesOf(report)).toEqual({
        "20250115_001_create_t": "applied",
        "20250301_008_add_priority": "pending",
      });
      expect(report.migrations[0]?.file?.upSql).toBe("CREATE TABLE t (id TEXT);");
      expect(report.migrations[0]?.file?.downSql).toBe("DROP TABLE t;");
      expect(report.migrations[0]?.appliedAt).toBeInstanceOf(Date);
    } finally {
      await closeConnection(sqlite);
    }
  });
});

describe("Prisma", () => {
  it("matches migration_name with the folder, SHA-256 of migration.sql; unfinished is failed", async () => {
    const init = "CREATE TABLE p_queue (id uuid);\n";
    await connection.sql.unsafe(PRISMA_DDL);
    await connection.sql`insert into _prisma_migrations
      (id, checksum, finished_at, migration_name, started_at, applied_steps_count) values
      ('a', ${sha("sha256", init).toString("hex")}, now(), '20240101000000_init', now() - interval '2 seconds', 1),
      ('b', ${sha("sha256", "x").toString("hex")}, null, '20240201000000_broken', now(), 0),
      ('c', ${sha("sha256", "y").toString("hex")}, now(), '20240301000000_gone', now(), 1)`;
    const folder = makeFolder({
      "migration_lock.toml": 'provider = "postgresql"\n',
      "20240101000000_init/migration.sql": init,
      "20240201000000_broken/migration.sql": "ALTER TABLE p_queue ADD COLUMN x int;\n",
      "20240401000000_next/migration.sql": "ALTER TABLE p_queue ADD COLUMN y int;\n",
    });
    const report = await reconcileSource(sourceConfig(folder, "prisma"), context());
    expect(statesOf(report)).toEqual({
      "20240101000000_init": "applied",
      "20240201000000_broken": "failed",
      "20240401000000_next": "pending",
      "20240301000000_gone": "missing_file",
    });
    expect(report.migrations[0]?.durationMs).toBeGreaterThanOrEqual(1_900);
  });
});

describe("Supabase", () => {
  it("matches versions with the file's digits; no checksum", async () => {
    await connection.sql.unsafe(SUPABASE_DDL);
    await connection.sql`insert into supabase_migrations.schema_migrations (version, name)
      values ('20240101120000', 'init')`;
    const folder = makeFolder({
      "20240101120000_init.sql": "select 1;",
      "20240102120000_more.sql": "select 2;",
    });
    const report = await reconcileSource(sourceConfig(folder, "supabase"), context());
    expect(statesOf(report)).toEqual({
      "20240101120000_init": "applied",
      "20240102120000_more": "pending",
    });
    expect(report.migrations[0]?.checksum).toEqual({
      recorded: null,
      computed: null,
      algorithm: "none",
    });
  });
});

describe("Flyway", () => {
  it("matches versions, compares Flyway's CRC-32 and ignores the baseline row", async () => {
    const v1 = "CREATE TABLE f_a (id int);\r\n";
    await connection.sql.unsafe(FLYWAY_DDL);
    await connection.sql`insert into flyway_schema_history values
      (0, null, '<< Flyway Schema Creation >>', 'SCHEMA', '"public"', null, 'ops', now(), 0, true),
      (1, '1', 'create a', 'SQL', 'V1__create_a.sql', ${flywayChecksum(Buffer.from(v1))}, 'ops', now(), 12, true),
      (2, '1.1', 'alter a', 'SQL', 'V1_1__alter_a.sql', 12345, 'ops', now(), 3, true)`;
    const folder = makeFolder({
      "V1__create_a.sql": "CREATE TABLE f_a (id int);\n",
      "V1_1__alter_a.sql": "ALTER TABLE f_a ADD COLUMN b int;\n",
      "V2__more.sql": "select 1;\n",
      "R__views.sql": "create view v as select 1;\n",
    });
    const report = await reconcileSource(sourceConfig(folder, "flyway"), context());
    expect(statesOf(report)).toEqual({
      V1__create_a: "applied",
      V1_1__alter_a: "drifted",
      V2__more: "pending",
    });
    // In Flyway's order: a version before its own sub-versions.
    expect(report.migrations.map((m) => m.id)).toEqual([
      "V1__create_a",
      "V1_1__alter_a",
      "V2__more",
    ]);
    expect(report.migrations[0]?.appliedBy).toBe("ops");
    expect(report.findings.map((f) => f.file)).toContain("R__views.sql");
  });
});

describe("golang-migrate", () => {
  it("counts everything at or below the recorded version as applied; dirty at the mark", async () => {
    await connection.sql.unsafe(GOLANG_MIGRATE_DDL);
    await connection.sql`insert into schema_migrations values (2, true)`;
    const pair = (n: string) => ({ [`${n}.up.sql`]: "select 1;", [`${n}.down.sql`]: "select 0;" });
    const folder = makeFolder({
      ...pair("000001_one"),
      ...pair("000002_two"),
      ...pair("000003_three"),
    });
    const report = await reconcileSource(sourceConfig(folder, "golang-migrate"), context());
    expect(statesOf(report)).toEqual({
      "000001_one": "applied",
      "000002_two": "dirty",
      "000003_three": "pending",
    });
    expect(report.migrations[0]?.facts.find((f) => f.label === "state")?.provenance).toBe(
      "inferred",
    );
  });
});
