import "server-only";
import type { MigrationFile } from "@/lib/migrations/model";
import type { AppliedFile, LedgerWriteContext, LedgerWriter } from "./ledger-writer";
import { pgIdentifier, sqliteIdentifier } from "./query-table";
import { checksumOf, expectRemoved, ledgerKey } from "./write-helpers";

/** sqlx's key: the version as a 64-bit integer. */
const version = (file: MigrationFile) => BigInt(ledgerKey("sqlx", file));

/** What sqlx stores for one file: its version, description, SHA-384 and run time. */
function sqlxRow({ file, durationMs }: AppliedFile) {
  return {
    version: version(file),
    // sqlx's description: the file name after the version, underscores as spaces.
    description: String(file.meta.description ?? file.name.replaceAll("_", " ")),
    checksum: Buffer.from(checksumOf("sqlx", file), "hex"),
    executionTimeNs: BigInt(Math.round(durationMs * 1e6)),
  };
}

/**
 * sqlx (`sqlx migrate run`, `Migrator::run`), on PostgreSQL and on SQLite: `_sqlx_migrations`
 * exactly as each driver's `ensure_migrations_table` creates it. A row is written with
 * success TRUE, the SHA-384 of the up file and the execution time in nanoseconds (sqlx writes -1
 * first and the time after the commit; here both land in the file's transaction). A rollback
 * deletes the row, as `sqlx migrate revert` does.
 */
export const sqlxWriter: LedgerWriter = {
  kind: "sqlx",
  async ensureTable(context) {
    const { target } = context;
    if (target.kind === "sqlite") {
      await target.tx.execute(`CREATE TABLE IF NOT EXISTS ${sqliteTable(context)} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
)`);
      return;
    }
    const { sql } = target;
    await sql`CREATE TABLE IF NOT EXISTS ${pgIdentifier(sql, context.table)} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
)`;
  },
  async recordApplied(context, applied) {
    const row = sqlxRow(applied);
    const { target } = context;
    if (target.kind === "sqlite") {
      await target.tx.execute({
        sql: `INSERT INTO ${sqliteTable(context)} (version, description, success, checksum, execution_time)
              VALUES (?, ?, TRUE, ?, ?)`,
        args: [row.version, row.description, row.checksum, row.executionTimeNs],
      });
      return;
    }
    const { sql } = target;
    await sql`insert into ${pgIdentifier(sql, context.table)}
      (version, description, success, checksum, execution_time)
      values (${String(row.version)}, ${row.description}, true, ${row.checksum},
        ${String(row.executionTimeNs)})`;
  },
  async recordRolledBack(context, file) {
    const { target } = context;
    let removed: number;
    if (target.kind === "sqlite") {
      const result = await target.tx.execute({
        sql: `DELETE FROM ${sqliteTable(context)} WHERE version = ?`,
        args: [version(file)],
      });
      removed = result.rowsAffected;
    } else {
      const { sql } = target;
      const result = await sql`delete from ${pgIdentifier(sql, context.table)}
        where version = ${String(version(file))}`;
      removed = result.count;
    }
    expectRemoved(removed, "sqlx", context, file);
  },
};

/** SQLite has one namespace: the configured name without its schema. */
function sqliteTable(context: LedgerWriteContext): string {
  return sqliteIdentifier(context.table.name);
}
