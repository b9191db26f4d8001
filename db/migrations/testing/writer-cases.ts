/**
 * One small source per ledger kind, and the rows its writer must store for it (applied by `ops`
 * for 1.5 s, see ledger-writes.ts).
 */
import { expect } from "vitest";
import type { Layout, LedgerKind } from "@/lib/migrations/model";
import { TARGET_ID } from "./ledger-writes";
import { drizzleJournal, knexMigration, nodePgMigrateSql } from "./real-tool-fixtures";

export interface WriterCase {
  kind: LedgerKind;
  layout: Layout;
  files: Record<string, string>;
  /** A configured `schema.table` instead of the tool's default. */
  table?: string;
  /** The rows as stored, in file order (partial). */
  rows: Record<string, unknown>[];
  /** What the reader makes of the first file's row. */
  first?: { appliedAt?: string; durationMs?: number; appliedBy?: string };
}

const pair = (name: string, up: string) => ({
  [`${name}.up.sql`]: up,
  [`${name}.down.sql`]: "select 0;\n",
});

export const WRITER_CASES: WriterCase[] = [
  {
    kind: "drizzle",
    layout: "drizzle",
    files: {
      "0000_init.sql":
        "CREATE TABLE w_d (id int);\n--> statement-breakpoint\nCREATE INDEX w_d_i ON w_d (id);",
      "0001_more.sql": "ALTER TABLE w_d ADD COLUMN b int;",
      "meta/_journal.json": drizzleJournal([
        [1_700_000_000_000, "0000_init"],
        [1_700_000_100_000, "0001_more"],
      ]),
    },
    rows: [{ created_at: "1700000000000" }, { created_at: "1700000100000" }],
  },
  {
    kind: "knex",
    layout: "knex",
    files: {
      "20240101000000_one.js": knexMigration("w_k_one"),
      "20240102000000_two.js": knexMigration("w_k_two"),
    },
    table: "Ops.Deploy_Migrations",
    rows: [
      { name: "20240101000000_one.js", batch: 1 },
      { name: "20240102000000_two.js", batch: 2 },
    ],
    // knex stamps migration_time when the file has run.
    first: { appliedAt: "2026-03-01T10:00:01.500Z" },
  },
  {
    kind: "node-pg-migrate",
    layout: "node-pg-migrate",
    files: {
      "1700000000000_first.sql": nodePgMigrateSql("w_n_first"),
      "1700000100000_second.sql": nodePgMigrateSql("w_n_second"),
    },
    rows: [{ name: "1700000000000_first" }, { name: "1700000100000_second" }],
  },
  {
    kind: "sqlx",
    layout: "sqlx",
    files: {
      ...pair("20240101000000_create_items", "CREATE TABLE w_s (id bigint);\n"),
      "20240102000000_seed.sql": "INSERT INTO w_s VALUES (1);\n",
    },
    rows: [
      { version: "20240101000000", description: "create items", execution_time: "1500000000" },
      { version: "20240102000000", description: "seed", success: true },
    ],
    first: { durationMs: 1500 },
  },
  {
    kind: "prisma",
    layout: "prisma",
    files: {
      "migration_lock.toml": 'provider = "postgresql"\n',
      "20240101000000_init/migration.sql": "CREATE TABLE w_p (id uuid);\n",
      "20240201000000_more/migration.sql": "ALTER TABLE w_p ADD COLUMN y int;\n",
    },
    rows: [
      {
        migration_name: "20240101000000_init",
        applied_steps_count: 1,
        rolled_back_at: null,
        logs: null,
        id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
      },
      { migration_name: "20240201000000_more", applied_steps_count: 1 },
    ],
    first: { appliedAt: "2026-03-01T10:00:01.500Z", durationMs: 1500 },
  },
  {
    kind: "supabase",
    layout: "supabase",
    files: {
      "20240101120000_init.sql": "CREATE TABLE w_sb (id int);\n\nINSERT INTO w_sb VALUES (1);\n",
      "20240102120000_more.sql": "select 2;",
    },
    rows: [
      {
        version: "20240101120000",
        name: "init",
        statements: ["CREATE TABLE w_sb (id int)", "INSERT INTO w_sb VALUES (1)"],
      },
      { version: "20240102120000", name: "more", statements: ["select 2"] },
    ],
  },
  {
    kind: "flyway",
    layout: "flyway",
    files: {
      "V1__create_a.sql": "CREATE TABLE w_f (id int);\r\n",
      "V1_1__add_b.sql": "ALTER TABLE w_f ADD COLUMN b int;\n",
    },
    rows: [
      {
        installed_rank: 1,
        version: "1",
        description: "create a",
        type: "SQL",
        script: "V1__create_a.sql",
        installed_by: "ops",
        execution_time: 1500,
        success: true,
      },
      { installed_rank: 2, version: "1.1", description: "add b", script: "V1_1__add_b.sql" },
    ],
    first: { durationMs: 1500, appliedBy: "ops" },
  },
  {
    kind: "golang-migrate",
    layout: "golang-migrate",
    files: { ...pair("000001_one", "select 1;"), ...pair("000002_two", "select 2;") },
    // One row: the current version.
    rows: [{ version: "2", dirty: false }],
  },
  {
    kind: "switchyard",
    layout: "numbered",
    files: { "001_a.sql": "CREATE TABLE w_y (id int);\n", "002_b.sql": "select 2;\n" },
    rows: [
      { migrationId: "001_a", name: "a", appliedBy: "ops", executionMs: 1500, method: "applied" },
      { migrationId: "002_b", targetId: TARGET_ID, sourceId: "switchyard" },
    ],
    first: { appliedAt: "2026-03-01T10:00:01.500Z", durationMs: 1500, appliedBy: "ops" },
  },
];
