import "server-only";
import type { LedgerRow, MigrationFile } from "@/lib/migrations/model";
import { type LedgerReader, plainRow, toBoolean, toDate, toHex, toText } from "./ledger-reader";

const row = (
  raw: Record<string, unknown>,
  fields: Partial<LedgerRow> & { key: string },
): LedgerRow => ({
  name: null,
  appliedAt: null,
  durationMs: null,
  appliedBy: null,
  checksum: null,
  success: true,
  dirty: false,
  ...fields,
  raw: plainRow(raw),
});

const numberOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

/** A version without leading zeros, as integer columns store it. */
const integerKey = (file: MigrationFile) => {
  try {
    return BigInt(file.version).toString();
  } catch {
    return file.version;
  }
};

/** drizzle-orm's migrator: `hash` is SHA-256 of the file, `created_at` the journal's `when` (not the time it ran). */
export const drizzleLedger: LedgerReader = {
  kind: "drizzle",
  defaultTable: { schema: "drizzle", name: "__drizzle_migrations" },
  keyOf: (file) => String(file.meta.when),
  toRow: (raw) => row(raw, { key: String(raw.created_at), checksum: toText(raw.hash) }),
};

/** sqlx (PostgreSQL and SQLite): SHA-384 checksum, `success`, `execution_time` in nanoseconds. */
export const sqlxLedger: LedgerReader = {
  kind: "sqlx",
  defaultTable: { schema: "public", name: "_sqlx_migrations" },
  keyOf: integerKey,
  toRow: (raw) =>
    row(raw, {
      key: String(raw.version),
      name: toText(raw.description),
      appliedAt: toDate(raw.installed_on),
      durationMs: raw.execution_time == null ? null : Number(raw.execution_time) / 1e6,
      checksum: toHex(raw.checksum),
      success: toBoolean(raw.success),
    }),
};

/** Prisma Migrate: `checksum` is SHA-256 hex of migration.sql; unfinished and not rolled back = failed. */
export const prismaLedger: LedgerReader = {
  kind: "prisma",
  defaultTable: { schema: "public", name: "_prisma_migrations" },
  keyOf: (file) => file.id,
  toRow: (raw) => {
    if (raw.rolled_back_at !== null && raw.rolled_back_at !== undefined) return null;
    const started = toDate(raw.started_at);
    const finished = toDate(raw.finished_at);
    return row(raw, {
      key: String(raw.migration_name),
      name: toText(raw.migration_name),
      appliedAt: finished,
      durationMs: started && finished ? finished.getTime() - started.getTime() : null,
      checksum: toText(raw.checksum),
      success: finished !== null,
    });
  },
};

/** Supabase CLI: `supabase_migrations.schema_migrations` keyed by the file's digits; no checksum. */
export const supabaseLedger: LedgerReader = {
  kind: "supabase",
  defaultTable: { schema: "supabase_migrations", name: "schema_migrations" },
  keyOf: (file) => file.version,
  toRow: (raw) => row(raw, { key: String(raw.version), name: toText(raw.name) }),
};

/** Flyway: versioned rows only (repeatable and baseline rows have no file to match). */
export const flywayLedger: LedgerReader = {
  kind: "flyway",
  defaultTable: { schema: "public", name: "flyway_schema_history" },
  keyOf: (file) => file.version,
  toRow: (raw) =>
    raw.version === null || raw.type === "BASELINE" || raw.type === "SCHEMA"
      ? null
      : row(raw, {
          key: String(raw.version),
          name: toText(raw.description),
          appliedAt: toDate(raw.installed_on),
          durationMs: numberOrNull(raw.execution_time),
          appliedBy: toText(raw.installed_by),
          checksum: toText(raw.checksum),
          success: toBoolean(raw.success),
        }),
};

/** knex: one row per file name (with extension) and the batch that ran it; no checksum. */
export const knexLedger: LedgerReader = {
  kind: "knex",
  defaultTable: { schema: "public", name: "knex_migrations" },
  keyOf: (file) => String(file.meta.fileName),
  toRow: (raw) =>
    row(raw, {
      key: String(raw.name),
      name: toText(raw.name),
      appliedAt: toDate(raw.migration_time),
    }),
};

/** node-pg-migrate: one row per file name without extension; no checksum. */
export const nodePgMigrateLedger: LedgerReader = {
  kind: "node-pg-migrate",
  defaultTable: { schema: "public", name: "pgmigrations" },
  keyOf: (file) => String(file.meta.baseName),
  toRow: (raw) =>
    row(raw, { key: String(raw.name), name: toText(raw.name), appliedAt: toDate(raw.run_on) }),
};

/** golang-migrate: a single row, the current version and whether its run left the schema dirty. */
export const golangMigrateLedger: LedgerReader = {
  kind: "golang-migrate",
  defaultTable: { schema: "public", name: "schema_migrations" },
  keyOf: integerKey,
  highWaterMark: true,
  toRow: (raw) => {
    const dirty = toBoolean(raw.dirty);
    return row(raw, { key: String(raw.version), dirty, success: !dirty });
  },
};
