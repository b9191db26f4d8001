import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";

let database: TestDatabase;
let sql: postgres.Sql;
let configFile: string;

beforeAll(async () => {
  database = await createTestDatabase("migrations_cli");
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-migrations-cli-"));
  const folder = path.join(dir, "migrations");
  fs.mkdirSync(folder);
  fs.writeFileSync(
    path.join(folder, "1_jobs.up.sql"),
    "create table jobs (id bigint primary key);\n",
  );
  fs.writeFileSync(path.join(folder, "1_jobs.down.sql"), "drop table jobs;\n");
  fs.writeFileSync(
    path.join(folder, "2_state.up.sql"),
    "alter table jobs add column state text;\n",
  );
  fs.writeFileSync(
    path.join(folder, "3_index.up.sql"),
    "create index jobs_state on jobs (state);\n",
  );
  configFile = path.join(dir, "switchyard.yaml");
  fs.writeFileSync(
    configFile,
    `targets:\n  - id: app\n    url: ${database.url}\n    detect: false\n    migrations:\n` +
      "      - id: main\n        folder: ./migrations\n        layout: golang-migrate\n",
  );
  // golang-migrate's own table: one row, the version reached and whether it stopped half-way.
  await sql`create table schema_migrations (version bigint not null primary key, dirty boolean not null)`;
  await sql`insert into schema_migrations values (2, false)`;
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/migrations.ts", ...args],
      { env: { ...process.env, SWITCHYARD_CONFIG: configFile } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

interface Report {
  targets: { target: string; sources: { migrations: { id: string; state: string }[] }[] }[];
}

describe("npm run migrations -- status", () => {
  it("exits 0 with a pending migration, and says so in text and JSON", async () => {
    const text = await cli(["status"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("pending");

    const json = await cli(["status", "--target", "app", "--json"]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.targets[0]?.sources[0]?.migrations.map((m) => [m.id, m.state])).toEqual([
      ["1_jobs", "applied"],
      ["2_state", "applied"],
      ["3_index", "pending"],
    ]);
  });

  it("exits 1 when the ledger says a migration stopped half-way", async () => {
    await sql`update schema_migrations set dirty = true`;
    try {
      const result = await cli(["status", "--json"]);
      expect(result.code).toBe(1);
      const states = (JSON.parse(result.stdout) as Report).targets[0]?.sources[0]?.migrations.map(
        (m) => m.state,
      );
      expect(states).toContain("dirty");
    } finally {
      await sql`update schema_migrations set dirty = false`;
    }
  });

  it("exits 2 on bad usage, naming what was wrong", async () => {
    const unknown = await cli(["status", "--target", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no target "nope"');
    expect((await cli(["apply"])).code).toBe(2);
  });
});

describe("npm run migrations -- lint", () => {
  const write = (name: string, content: string) => {
    const file = path.join(path.dirname(configFile), name);
    fs.writeFileSync(file, content);
    return file;
  };

  it("exits 0 with warnings only, and 1 with an error finding", async () => {
    const warning = await cli(["lint", write("4_idx.up.sql", "create index i on jobs (state);\n")]);
    expect(warning.code).toBe(0);
    expect(warning.stdout).toContain("[index-not-concurrent]");
    const error = await cli([
      "lint",
      write("5_bad.up.sql", "select 1;\nalter table jobs addd x int;\n"),
    ]);
    expect(error.code).toBe(1);
    expect(error.stdout).toContain("2:18 error [parse-error]");
  });

  it("with --target, gives the table's size from the catalog and says whether it is empty", async () => {
    // The ledger above says 1_jobs ran; the table itself is only needed here.
    await sql`create table jobs (id bigint primary key)`;
    const file = write("6_owner.up.sql", "alter table jobs add column owner text not null;\n");
    const empty = await cli(["lint", file, "--target", "app", "--json"]);
    expect(empty.code).toBe(0);
    type Out = { files: { findings: { severity: string; size?: { rows: number } }[] }[] };
    expect((JSON.parse(empty.stdout) as Out).files[0]?.findings[0]).toMatchObject({
      severity: "info",
      size: { rows: 0 },
    });
    await sql`insert into jobs (id) values (1), (2), (3)`;
    try {
      const full = await cli(["lint", file, "--target", "app"]);
      expect(full.code).toBe(1);
      expect(full.stdout).toContain("takes ACCESS EXCLUSIVE on jobs (≈ 3 rows,");
      expect(full.stdout).toContain("the table is not empty");
    } finally {
      await sql`drop table jobs`;
    }
  });

  it("exits 2 without files, with a missing file or an unknown target", async () => {
    expect((await cli(["lint"])).code).toBe(2);
    expect((await cli(["lint", "/nonexistent.sql"])).code).toBe(2);
    const file = write("7_ok.up.sql", "select 1;\n");
    expect((await cli(["lint", file, "--target", "nope"])).code).toBe(2);
  });
});
