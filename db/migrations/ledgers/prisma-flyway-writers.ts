import "server-only";
import { randomUUID } from "node:crypto";
import type { LedgerWriter } from "./ledger-writer";
import { pgIdentifier } from "./query-table";
import {
  checksumOf,
  expectRemoved,
  finishedAt,
  isoTime,
  ledgerKey,
  postgresOf,
  requireMeta,
} from "./write-helpers";

/**
 * Prisma Migrate: `_prisma_migrations` with the schema engine's PostgreSQL DDL. A row per run:
 * a random UUID, SHA-256 hex of migration.sql, the folder name, started and finished times, one
 * applied step (Prisma runs migration.sql as one step).
 *
 * A rollback DELETES the row rather than setting `rolled_back_at`: Prisma sets `rolled_back_at`
 * only on a failed attempt an operator resolved (`prisma migrate resolve --rolled-back` refuses a
 * finished migration), so a finished row marked rolled back is a history Prisma never writes.
 * Without the row the table is what Prisma would hold had the migration never run, and
 * `prisma migrate deploy` and `migrate status` see it pending. Earlier attempts already marked
 * rolled back are kept.
 */
export const prismaWriter: LedgerWriter = {
  kind: "prisma",
  async ensureTable(context) {
    const sql = postgresOf(context, "prisma");
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;
  },
  async recordApplied(context, applied) {
    const sql = postgresOf(context, "prisma");
    const { file } = applied;
    await sql`insert into ${pgIdentifier(sql, context.table)}
      (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
      values (${randomUUID()}, ${checksumOf("prisma", file)}, ${isoTime(finishedAt(applied))},
        ${ledgerKey("prisma", file)}, null, ${isoTime(applied.startedAt)}, 1)`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "prisma");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where migration_name = ${ledgerKey("prisma", file)} and rolled_back_at is null`;
    expectRemoved(removed.count, "prisma", context, file);
  },
};

/** Flyway's `installed_by` is VARCHAR(100). */
const INSTALLED_BY_LENGTH = 100;

/**
 * Flyway: `flyway_schema_history` with Flyway's PostgreSQL DDL, its `<table>_pk` primary key and
 * `<table>_s_idx` index on success. A row: installed_rank = max + 1 (as Flyway numbers them), the
 * version, the description (the name after `__`, underscores as spaces), type SQL, the script's
 * path in the source, Flyway's CRC-32 checksum, the operator as `installed_by` (what Flyway's
 * `installedBy` setting does), the run time in milliseconds, success TRUE.
 *
 * A rollback deletes the row: Flyway Community has no undo and keeps no record of one (Teams'
 * `flyway undo` adds an UNDO_SQL row instead); without the row `flyway info` shows the version
 * pending and `flyway migrate` runs it again.
 */
export const flywayWriter: LedgerWriter = {
  kind: "flyway",
  async ensureTable(context) {
    const sql = postgresOf(context, "flyway");
    const table = pgIdentifier(sql, context.table);
    const { name } = context.table;
    await sql`CREATE TABLE IF NOT EXISTS ${table} (
    installed_rank INT NOT NULL,
    version VARCHAR(50),
    description VARCHAR(200) NOT NULL,
    type VARCHAR(20) NOT NULL,
    script VARCHAR(1000) NOT NULL,
    checksum INTEGER,
    installed_by VARCHAR(100) NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT now(),
    execution_time INTEGER NOT NULL,
    success BOOLEAN NOT NULL,
    CONSTRAINT ${sql(`${name}_pk`)} PRIMARY KEY (installed_rank)
)`;
    await sql`CREATE INDEX IF NOT EXISTS ${sql(`${name}_s_idx`)} ON ${table} (success)`;
  },
  async recordApplied(context, applied) {
    const sql = postgresOf(context, "flyway");
    const { file } = applied;
    const table = pgIdentifier(sql, context.table);
    const script = file.paths[0] ?? String(requireMeta("flyway", file, "fileName"));
    await sql`insert into ${table} (installed_rank, version, description, type, script,
        checksum, installed_by, execution_time, success)
      select coalesce(max(installed_rank), 0) + 1, ${ledgerKey("flyway", file)}::varchar,
        ${file.name.replaceAll("_", " ")}::varchar, 'SQL', ${script}::varchar,
        ${Number(checksumOf("flyway", file))}::int,
        ${applied.appliedBy.slice(0, INSTALLED_BY_LENGTH)}::varchar,
        ${Math.round(applied.durationMs)}::int, true
      from ${table}`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "flyway");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where version = ${ledgerKey("flyway", file)} and type not in ('BASELINE', 'SCHEMA')`;
    expectRemoved(removed.count, "flyway", context, file);
  },
};
