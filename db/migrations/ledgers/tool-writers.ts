import "server-only";
import { supabaseStatements } from "@/lib/migrations/supabase-statements";
import { LedgerWriteError, type LedgerWriter } from "./ledger-writer";
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
 * drizzle-orm's pg migrator: the schema and table exactly as `PgDialect.migrate` creates them;
 * `hash` = SHA-256 hex of the file, `created_at` = the journal's `when` (drizzle's only key: it
 * runs every journal entry newer than the newest `created_at`).
 */
export const drizzleWriter: LedgerWriter = {
  kind: "drizzle",
  async ensureTable(context) {
    const sql = postgresOf(context, "drizzle");
    const { schema } = context.table;
    if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql(schema)}`;
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
      id SERIAL PRIMARY KEY,
      hash text NOT NULL,
      created_at bigint
    )`;
  },
  async recordApplied(context, { file }) {
    const sql = postgresOf(context, "drizzle");
    const when = requireMeta("drizzle", file, "when");
    await sql`insert into ${pgIdentifier(sql, context.table)} ("hash", "created_at")
      values (${checksumOf("drizzle", file)}, ${String(when)})`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "drizzle");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where created_at = ${ledgerKey("drizzle", file)}`;
    expectRemoved(removed.count, "drizzle", context, file);
  },
};

/**
 * knex: `knex_migrations` and `knex_migrations_lock` (with its one unlocked row) as knex's
 * table-creator builds them on PostgreSQL; `name` is the file name with its extension.
 *
 * `batch`: knex gives every file of one `migrate:latest` the same batch, and `migrate:rollback`
 * undoes the newest batch. Switchyard applies and records one file at a time, so each file gets
 * its own batch (max + 1): a later `knex migrate:rollback` then undoes one file, never a group
 * knex did not run together.
 */
export const knexWriter: LedgerWriter = {
  kind: "knex",
  async ensureTable(context) {
    const sql = postgresOf(context, "knex");
    const lock = pgIdentifier(sql, { ...context.table, name: `${context.table.name}_lock` });
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
      "id" serial primary key,
      "name" varchar(255),
      "batch" integer,
      "migration_time" timestamptz
    )`;
    await sql`CREATE TABLE IF NOT EXISTS ${lock} ("index" serial primary key, "is_locked" integer)`;
    await sql`insert into ${lock} ("is_locked")
      select 0 where not exists (select 1 from ${lock})`;
  },
  async recordApplied(context, applied) {
    const sql = postgresOf(context, "knex");
    requireMeta("knex", applied.file, "fileName");
    const table = pgIdentifier(sql, context.table);
    await sql`insert into ${table} ("name", "batch", "migration_time")
      select ${ledgerKey("knex", applied.file)}::varchar, coalesce(max("batch"), 0) + 1,
        ${isoTime(finishedAt(applied))}::timestamptz from ${table}`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "knex");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where "name" = ${ledgerKey("knex", file)}`;
    expectRemoved(removed.count, "knex", context, file);
  },
};

/**
 * node-pg-migrate: `pgmigrations` as its runner creates it; `name` is the file name without its
 * extension, `run_on` the database's `now()` (what node-pg-migrate writes: the transaction's start).
 */
export const nodePgMigrateWriter: LedgerWriter = {
  kind: "node-pg-migrate",
  async ensureTable(context) {
    const sql = postgresOf(context, "node-pg-migrate");
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
      id SERIAL PRIMARY KEY,
      name varchar(255) NOT NULL,
      run_on timestamp NOT NULL
    )`;
  },
  async recordApplied(context, { file }) {
    const sql = postgresOf(context, "node-pg-migrate");
    requireMeta("node-pg-migrate", file, "baseName");
    await sql`insert into ${pgIdentifier(sql, context.table)} (name, run_on)
      values (${ledgerKey("node-pg-migrate", file)}, now())`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "node-pg-migrate");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where name = ${ledgerKey("node-pg-migrate", file)}`;
    expectRemoved(removed.count, "node-pg-migrate", context, file);
  },
};

/**
 * Supabase CLI: the schema, the table and its two added columns exactly as `CreateMigrationTable`
 * runs them; a row holds the version, the name and the statements that ran (as the CLI splits
 * them). `supabase migration repair --status reverted` deletes the row, and so does a rollback.
 */
export const supabaseWriter: LedgerWriter = {
  kind: "supabase",
  async ensureTable(context) {
    const sql = postgresOf(context, "supabase");
    const table = pgIdentifier(sql, context.table);
    if (context.table.schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql(context.table.schema)}`;
    await sql`CREATE TABLE IF NOT EXISTS ${table} (version text NOT NULL PRIMARY KEY)`;
    await sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS statements text[]`;
    await sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS name text`;
  },
  async recordApplied(context, { file }) {
    const sql = postgresOf(context, "supabase");
    await sql`insert into ${pgIdentifier(sql, context.table)} (version, name, statements)
      values (${ledgerKey("supabase", file)}, ${file.name}, ${supabaseStatements(file.upSql)})`;
  },
  async recordRolledBack(context, file) {
    const sql = postgresOf(context, "supabase");
    const removed = await sql`delete from ${pgIdentifier(sql, context.table)}
      where version = ${ledgerKey("supabase", file)}`;
    expectRemoved(removed.count, "supabase", context, file);
  },
};

/**
 * golang-migrate's postgres driver: ONE row, the current version and the dirty flag. An apply
 * replaces it with (version, false); a rollback moves it back to the previous file's version, or
 * removes it when the first file is rolled back (golang-migrate's "no version").
 */
export const golangMigrateWriter: LedgerWriter = {
  kind: "golang-migrate",
  async ensureTable(context) {
    const sql = postgresOf(context, "golang-migrate");
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
      version bigint not null primary key,
      dirty boolean not null
    )`;
  },
  async recordApplied(context, { file }) {
    const sql = postgresOf(context, "golang-migrate");
    const table = pgIdentifier(sql, context.table);
    await sql`delete from ${table}`;
    await sql`insert into ${table} (version, dirty)
      values (${ledgerKey("golang-migrate", file)}, false)`;
  },
  async recordRolledBack(context, file, previous) {
    if (previous === undefined) {
      throw new LedgerWriteError(
        "previous_required",
        `golang-migrate keeps one version: rolling back ${file.id} needs the file before it`,
      );
    }
    const sql = postgresOf(context, "golang-migrate");
    const table = pgIdentifier(sql, context.table);
    const removed = await sql`delete from ${table}
      where version = ${ledgerKey("golang-migrate", file)}`;
    expectRemoved(removed.count, "golang-migrate", context, file);
    if (previous) {
      await sql`insert into ${table} (version, dirty)
        values (${ledgerKey("golang-migrate", previous)}, false)`;
    }
  },
};
