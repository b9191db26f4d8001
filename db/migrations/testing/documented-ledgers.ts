/**
 * Tracking tables of tools that have no npm package, built column for column from each tool's
 * own DDL (the statement the tool runs to create its table), for tests. Checksums are computed
 * with the tool's algorithm by the tests themselves (lib/migrations/checksum.ts).
 */

/** sqlx-postgres `ensure_migrations_table` (sqlx 0.7/0.8). */
export const SQLX_POSTGRES_DDL = `CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
)`;

/** Prisma Migrate's `_prisma_migrations` (schema-engine, PostgreSQL). */
export const PRISMA_DDL = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** Supabase CLI's history table (`supabase db push` / `migration repair`). */
export const SUPABASE_DDL = `CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (
    version text NOT NULL PRIMARY KEY,
    statements text[],
    name text
)`;

/** Flyway's `flyway_schema_history` and its index (PostgreSQL `createMetaDataTable.sql`). */
export const FLYWAY_DDL = `CREATE TABLE flyway_schema_history (
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
    CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank)
);
CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)`;

/** golang-migrate's postgres driver: one row, the current version and the dirty flag. */
export const GOLANG_MIGRATE_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version bigint NOT NULL PRIMARY KEY,
    dirty boolean NOT NULL
)`;
