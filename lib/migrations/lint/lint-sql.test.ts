import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../parse-tree";
import { formatFindings } from "./format-findings";
import { lintSql } from "./lint-sql";

beforeAll(() => loadParser());

const codes = (sql: string, options = {}) => lintSql(sql, options).findings.map((f) => f.code);

const cases: { code: string; bad: string; safe: string; options?: object }[] = [
  {
    code: "index-not-concurrent",
    bad: "CREATE INDEX job_state_idx ON job (state);",
    safe: "CREATE INDEX CONCURRENTLY job_state_idx ON job (state);",
  },
  {
    code: "index-not-concurrent",
    bad: "DROP INDEX job_state_idx;",
    safe: "DROP INDEX CONCURRENTLY job_state_idx;",
  },
  {
    code: "concurrent-in-transaction",
    bad: "BEGIN;\nCREATE INDEX CONCURRENTLY i ON job (state);\nCOMMIT;",
    safe: "CREATE INDEX CONCURRENTLY i ON job (state);",
  },
  {
    code: "not-null-without-default",
    bad: "ALTER TABLE job ADD COLUMN owner text NOT NULL;",
    safe: "ALTER TABLE job ADD COLUMN owner text NOT NULL DEFAULT 'none';",
  },
  {
    code: "volatile-default",
    bad: "ALTER TABLE job ADD COLUMN seen timestamptz DEFAULT now();",
    safe: "ALTER TABLE job ADD COLUMN seen timestamptz DEFAULT '2020-01-01';",
  },
  {
    code: "volatile-default",
    bad: "ALTER TABLE job ADD COLUMN ref uuid DEFAULT gen_random_uuid();",
    safe: "ALTER TABLE job ADD COLUMN ref uuid;",
  },
  {
    code: "set-not-null",
    bad: "ALTER TABLE job ALTER COLUMN owner SET NOT NULL;",
    safe: "ALTER TABLE job ADD CONSTRAINT owner_nn CHECK (owner IS NOT NULL) NOT VALID;\nALTER TABLE job VALIDATE CONSTRAINT owner_nn;\nALTER TABLE job ALTER COLUMN owner SET NOT NULL;",
  },
  {
    code: "constraint-without-not-valid",
    bad: "ALTER TABLE job ADD CONSTRAINT job_queue_fk FOREIGN KEY (queue) REFERENCES queue (name);",
    safe: "ALTER TABLE job ADD CONSTRAINT job_queue_fk FOREIGN KEY (queue) REFERENCES queue (name) NOT VALID;",
  },
  {
    code: "constraint-without-not-valid",
    bad: "ALTER TABLE job ADD CONSTRAINT positive CHECK (attempts >= 0);",
    safe: "ALTER TABLE job ADD CONSTRAINT positive CHECK (attempts >= 0) NOT VALID;",
  },
  {
    code: "unique-without-index",
    bad: "ALTER TABLE job ADD CONSTRAINT job_key UNIQUE (key);",
    safe: "ALTER TABLE job ADD CONSTRAINT job_key UNIQUE USING INDEX job_key_idx;",
  },
  {
    code: "unique-without-index",
    bad: "ALTER TABLE job ADD PRIMARY KEY (id);",
    safe: "ALTER TABLE job ADD CONSTRAINT job_pkey PRIMARY KEY USING INDEX job_id_idx;",
  },
  {
    code: "column-type-change",
    bad: "ALTER TABLE job ALTER COLUMN attempts TYPE bigint;",
    safe: "ALTER TABLE job ADD COLUMN attempts_big bigint;",
  },
  { code: "destructive", bad: "DROP TABLE job;", safe: "DROP VIEW job_view;" },
  {
    code: "destructive",
    bad: "ALTER TABLE job DROP COLUMN owner;",
    safe: "ALTER TABLE job ADD COLUMN owner text;",
  },
  { code: "destructive", bad: "TRUNCATE job CASCADE;", safe: "DELETE FROM job WHERE id = 1;" },
  { code: "destructive", bad: "DROP SCHEMA old CASCADE;", safe: "DROP SCHEMA old;" },
  {
    code: "rename",
    bad: "ALTER TABLE job RENAME COLUMN owner TO holder;",
    safe: "ALTER INDEX job_idx RENAME TO job_state_idx;",
  },
  { code: "rename", bad: "ALTER TABLE job RENAME TO task;", safe: "CREATE VIEW task AS SELECT 1;" },
  {
    code: "not-idempotent",
    bad: "CREATE TABLE job (id int);",
    safe: "CREATE TABLE IF NOT EXISTS job (id int);",
    options: { idempotent: true },
  },
  {
    code: "not-idempotent",
    bad: "ALTER TABLE job ADD COLUMN owner text;",
    safe: "DO $$ BEGIN ALTER TABLE job ADD COLUMN owner text; EXCEPTION WHEN duplicate_column THEN NULL; END $$;",
    options: { idempotent: true },
  },
  {
    code: "protected-table",
    bad: "UPDATE maintenance.lease SET owner = 'me';",
    safe: "UPDATE job SET owner = 'me';",
    options: { protectedTables: [{ table: "maintenance.lease", owner: "maintenance agent" }] },
  },
  { code: "parse-error", bad: "SELECT 1;\nALTER TABLE job ADDD x int;", safe: "SELECT 1;" },
];

describe("lint rules", () => {
  it.each(cases)(
    "$code fires on `$bad` and not on its safe twin",
    ({ code, bad, safe, options }) => {
      expect(codes(bad, options)).toContain(code);
      expect(codes(safe, options)).not.toContain(code);
    },
  );

  it("does not require idempotency unless the source declares it", () => {
    expect(codes("CREATE TABLE job (id int);")).toEqual([]);
  });
});

describe("lintSql", () => {
  it("points a parse error at its line and column", () => {
    const [finding] = lintSql("SELECT 1;\nALTER TABLE job ADDD x int;").findings;
    expect(finding).toMatchObject({ code: "parse-error", severity: "error", line: 2, column: 17 });
    expect(finding?.reason).toContain('syntax error at or near "ADDD"');
  });

  it("reports the statement's line, lock, table size and typed confirmation", () => {
    const sql = "-- header\n\nALTER TABLE s.job ADD COLUMN owner text NOT NULL;\nDROP TABLE s.old;";
    const sizes = (schema: string | null, name: string) =>
      schema === "s" && name === "job" ? { rows: 2_100_000, bytes: 1.3 * 1024 ** 3 } : undefined;
    const { findings } = lintSql(sql, { sizes });
    expect(findings[0]).toMatchObject({ line: 3, column: 1, lock: "ACCESS EXCLUSIVE" });
    expect(findings[1]).toMatchObject({ line: 4, needsTypedConfirmation: true });
    expect(formatFindings("f.sql", findings, [])).toContain(
      "takes ACCESS EXCLUSIVE on s.job (≈ 2.1M rows, 1.3 GB)",
    );
  });

  it("gives the lock of each kind of statement", () => {
    const lock = (sql: string) => lintSql(sql).findings[0]?.lock;
    expect(lock("CREATE INDEX i ON job (a);")).toBe("SHARE");
    expect(lock("BEGIN; CREATE INDEX CONCURRENTLY i ON job (a);")).toBe("SHARE UPDATE EXCLUSIVE");
    expect(lock("ALTER TABLE job ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES q (b);")).toBe(
      "SHARE ROW EXCLUSIVE",
    );
  });

  it("keeps only the checks that apply to SQLite when the SQL parses", () => {
    const sql = "CREATE INDEX i ON t (a);\nALTER TABLE t RENAME TO u;";
    const result = lintSql(sql, { dialect: "sqlite" });
    expect(result.findings).toMatchObject([{ code: "rename", lock: "none" }]);
    expect(result.notes[0]).toContain("SQLite");
  });

  it("falls back to a light check for SQLite syntax it cannot parse", () => {
    const sql = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\nDROP TABLE old;";
    const result = lintSql(sql, { dialect: "sqlite" });
    expect(result.notes[0]).toContain("parsed as SQLite: fewer checks");
    expect(result.findings).toMatchObject([{ code: "destructive", line: 2 }]);
  });
});
