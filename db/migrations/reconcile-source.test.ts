import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateHome } from "@/db/migrate-home";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { reconcileSource } from "./reconcile-source";
import { makeFolder, sourceConfig, statesOf } from "./testing/source-fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("migrations_reconcile");
  await migrateHome(database.url);
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const context = () => ({ targetId: "sched", connection, home: connection.sql });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function record(sourceId: string, migrationId: string, checksum: string) {
  await connection.sql`insert into switchyard.migration_ledger
    (target_id, source_id, migration_id, name, checksum, applied_by, method)
    values ('sched', ${sourceId}, ${migrationId}, ${migrationId}, ${checksum}, 'test', 'adopted')`;
}

describe("a numbered folder with {schema}, subfolders and Switchyard's own ledger", () => {
  const files = {
    "001_schema.sql": "CREATE SCHEMA IF NOT EXISTS {schema};\n",
    "002_job.sql": "CREATE TABLE {schema}.job (id int PRIMARY KEY, state text);\n",
    "003_history.sql": "CREATE TABLE {schema}.job_history (id int);\n",
    "005_priority.sql": "ALTER TABLE {schema}.job ADD COLUMN priority int;\n",
    "005_priority_again.sql": "select 1;\n",
    "006_tags.sql":
      "DO $$ BEGIN\n  ALTER TABLE {schema}.job ADD COLUMN tags text[];\nEXCEPTION WHEN duplicate_column THEN NULL;\nEND $$;\n",
    "README.md": "# schema\n",
    "lease/001_lease_jobs.sql":
      "CREATE OR REPLACE FUNCTION {schema}.lease_jobs() RETURNS int AS $$ select 1 $$ LANGUAGE sql;\n",
    "dev/cleanup.sql": "DROP SCHEMA {schema} CASCADE;\n",
    "monitoring/views.sql": "select 1;\n",
    "attic/old.sql": "select 1;\n",
  };

  it("gives each file one state, with evidence for what is in the database already", async () => {
    const folder = makeFolder(files);
    await connection.sql.unsafe(
      "CREATE SCHEMA sched; CREATE TABLE sched.job (id int PRIMARY KEY, state text, tags text[]); CREATE TABLE sched.version (version int PRIMARY KEY); INSERT INTO sched.version VALUES (1);",
    );
    await record("core", "001_schema", sha256(files["001_schema.sql"]));
    await record("core", "002_job", sha256("CREATE TABLE {schema}.job (id int);\n"));
    await record("core", "004_removed", sha256("gone"));
    await record("core", "005_priority", sha256(files["005_priority.sql"]));
    const report = await reconcileSource(
      sourceConfig(folder, "numbered", {
        id: "core",
        schema: "sched",
        subfolders: { lease: "after", dev: "never", monitoring: "never" },
        installMarker: "sched.version",
      }),
      context(),
    );
    expect(report.ledger).toEqual({
      kind: "switchyard",
      table: "switchyard.migration_ledger",
      present: true,
    });
    expect(statesOf(report)).toEqual({
      "001_schema": "applied",
      "002_job": "drifted",
      "003_history": "out_of_order",
      "005_priority": "applied",
      "005_priority_again": "pending",
      "006_tags": "appears_applied",
      "lease/001_lease_jobs": "pending",
      "004_removed": "missing_file",
    });
    const tags = report.migrations.find((m) => m.id === "006_tags");
    expect(tags?.evidence?.items).toEqual([
      { kind: "column", name: "sched.job.tags", exists: true },
    ]);
    expect(tags?.facts.at(-1)).toMatchObject({ value: "appears_applied", provenance: "inferred" });
    expect(report.migrations.find((m) => m.id === "002_job")?.file?.upSql).toContain("sched.job");

    const codes = report.findings.map((f) => `${f.code}:${f.file ?? ""}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "subfolder_ignored:attic/",
        "subfolder_never_loaded:dev/",
        "subfolder_never_loaded:monitoring/",
        "unmatched_file:README.md",
        "gap:",
        "install_marker:",
      ]),
    );
    expect(report.findings.find((f) => f.code === "gap")?.message).toContain("no file for 4");
    expect(report.findings.find((f) => f.code === "install_marker")?.provenance).toBe("recorded");
    const duplicate = report.migrations.find((m) => m.id === "005_priority");
    expect(duplicate?.findings.map((f) => f.code)).toContain("duplicate_version");
  });
});

describe("UP/DOWN sections (the maintenance agent's template)", () => {
  it("splits the file and reports a file without markers", async () => {
    const folder = makeFolder({
      "001_add_retry_columns.sql":
        "-- Migration: Add retry columns\n-- Date: 2025-10-19\n\n-- UP Migration\nALTER TABLE agent_tasks ADD COLUMN retry_count int;\n\n-- DOWN Migration (Rollback)\n-- ALTER TABLE agent_tasks DROP COLUMN retry_count;\n",
      "002_plain.sql": "select 1;\n",
    });
    const report = await reconcileSource(
      sourceConfig(folder, "up-down", { id: "agent", readOnly: true }),
      context(),
    );
    const [first, second] = report.migrations;
    expect(first?.state).toBe("pending");
    expect(first?.file?.upSql).toBe("ALTER TABLE agent_tasks ADD COLUMN retry_count int;");
    expect(first?.file?.downSql).toBe("ALTER TABLE agent_tasks DROP COLUMN retry_count;");
    expect(first?.evidence).toMatchObject({ matched: 0, total: 1 });
    expect(second?.findings.map((f) => f.code)).toEqual(["no_sections"]);
    expect(report.readOnly).toBe(true);
  });
});

describe("timestamped files", () => {
  it("orders YYYYMMDD_NNN names and reports files that do not fit", async () => {
    const folder = makeFolder({
      "20250115_002_b.sql": "select 2;",
      "20250115_001_a.sql": "select 1;",
      "20251019_c.sql": "select 3;",
      "notes.sql": "select 4;",
    });
    const report = await reconcileSource(
      sourceConfig(folder, "timestamped", { id: "ts" }),
      context(),
    );
    expect(report.migrations.map((m) => [m.id, m.version])).toEqual([
      ["20250115_001_a", "20250115_001"],
      ["20250115_002_b", "20250115_002"],
      ["20251019_c", "20251019"],
    ]);
    expect(report.findings).toMatchObject([
      { code: "unmatched_file", severity: "warning", file: "notes.sql" },
    ]);
  });
});

it("reports a missing folder as a finding", async () => {
  const report = await reconcileSource(sourceConfig("/nonexistent/folder", "numbered"), context());
  expect(report.migrations).toEqual([]);
  expect(report.findings[0]?.code).toBe("folder_missing");
});
