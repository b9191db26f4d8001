/**
 * Migration folders for the tools that have an npm package (drizzle-orm's migrator, knex,
 * node-pg-migrate), and the tools themselves pointed at a test database, so that tests can run
 * the real tool on the same database Switchyard reads or writes.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import knexFactory, { type Knex } from "knex";
import { runner } from "node-pg-migrate";
import type postgres from "postgres";

/** The statement each fixture migration runs: one small table. */
export const createTable = (table: string) => `CREATE TABLE ${table} (id int);`;

/** drizzle-kit's `meta/_journal.json` listing (when, tag) entries in order. */
export function drizzleJournal(entries: [number, string][]): string {
  return JSON.stringify({
    version: "7",
    dialect: "postgresql",
    entries: entries.map(([when, tag], idx) => ({
      idx,
      version: "7",
      when,
      tag,
      breakpoints: true,
    })),
  });
}

/** drizzle-orm's own migrator over `folder`, with its ledger in `migrationsSchema`. */
export function drizzleMigrate(sql: postgres.Sql, folder: string, migrationsSchema = "drizzle") {
  return migrate(drizzle(sql), { migrationsFolder: folder, migrationsSchema });
}

/** A knex migration file whose up creates `table` (with knex.raw) and whose down drops it. */
export function knexMigration(table: string): string {
  return `exports.up = (knex) => knex.raw("${createTable(table)}");\nexports.down = (knex) => knex.raw("DROP TABLE ${table}");\n`;
}

/** A knex client migrating `folder` on the database at `url`. Call destroy() when done. */
export function knexOn(url: string, folder: string, migrations: Knex.MigratorConfig = {}): Knex {
  return knexFactory({
    client: "pg",
    connection: url,
    migrations: { directory: folder, ...migrations },
  });
}

/** A node-pg-migrate SQL migration with its `-- Up Migration` and `-- Down Migration` parts. */
export function nodePgMigrateSql(table: string): string {
  return `-- Up Migration\n${createTable(table)}\n\n-- Down Migration\nDROP TABLE ${table};\n`;
}

type RunnerOptions = Parameters<typeof runner>[0];

/** node-pg-migrate's own runner over `folder`, quiet, upwards unless told otherwise. */
export function nodePgMigrate(
  url: string,
  folder: string,
  options: Partial<RunnerOptions> = {},
): ReturnType<typeof runner> {
  return runner({
    databaseUrl: url,
    dir: folder,
    migrationsTable: "pgmigrations",
    direction: "up",
    log: () => {},
    ...options,
  });
}
