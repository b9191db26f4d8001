import "server-only";
import { type CatalogSnapshot, diffCatalog, sameCatalog } from "@/lib/migrations/catalog-diff";
import type { DryRunResult, StatementError } from "@/lib/migrations/run-model";
import { toStatementError } from "@/lib/migrations/statement-error";
import type { SqliteConnection } from "../../targets/connect";
import { snapshotSqlite } from "./catalog-snapshot";
import type { DryRunLimits } from "./dry-run-postgres";
import { type DryRunFile, type DryRunSession, runFiles } from "./run-files";

const explainBusy = (error: StatementError): StatementError =>
  error.code?.startsWith("SQLITE_BUSY")
    ? {
        ...error,
        message: `${error.message}: another connection holds the database's write lock (SQLite waits up to the target's busy timeout, not a lock_timeout)`,
      }
    : error;

/**
 * The dry run on SQLite: one write transaction on a connection of its own (libsql's
 * `transaction("write")`, BEGIN IMMEDIATE) holding every file, rolled back at the end. SQLite's
 * DDL is transactional, so the rollback undoes it all; it has no lock_timeout or
 * statement_timeout, only the target's busy timeout.
 */
export async function dryRunSqlite(
  connection: SqliteConnection,
  files: DryRunFile[],
  limits: DryRunLimits,
): Promise<DryRunResult> {
  const ranAt = new Date().toISOString();
  const transaction = await connection.client.transaction("write");
  let before: CatalogSnapshot;
  let outcome: Awaited<ReturnType<typeof runFiles>>;
  try {
    // Taken under the write lock, so no other writer slips in between it and the first statement.
    before = await snapshotSqlite(transaction);
    const session: DryRunSession = {
      dialect: "sqlite",
      // The one sanctioned place for unparameterised SQL: migration text an operator reviews,
      // run as written, one statement per call.
      execute: async (text) => {
        await transaction.execute(text);
      },
      snapshot: () => snapshotSqlite(transaction),
      explain: (error, statement) => explainBusy(toStatementError(error, statement)),
    };
    outcome = await runFiles(session, files, before);
  } finally {
    try {
      await transaction.rollback();
    } finally {
      transaction.close();
    }
  }
  const after = await snapshotSqlite(connection.client);
  const unchanged = sameCatalog(before, after);
  const notes = [
    "SQLite has no lock_timeout or statement_timeout: waits for another writer are bounded by the target's busy timeout, and a statement runs to its end.",
    ...outcome.notes,
  ];
  if (files.some((file) => /^\s*pragma\s+foreign_keys\s*=/im.test(file.sql))) {
    notes.push(
      "PRAGMA foreign_keys has no effect inside a transaction: SQLite ignores it there, in this dry run and in an apply that runs the file in a transaction.",
    );
  }
  if (!unchanged) {
    const changes = diffCatalog(before, after).map((c) => `${c.kind} ${c.name} ${c.change}`);
    notes.push(
      `The catalog after the rollback differs from before the dry run (${changes.join(", ")}): another connection changed it meanwhile.`,
    );
  }
  return {
    ranAt,
    ok: outcome.ok,
    lockTimeoutMs: limits.lockTimeoutMs,
    statementTimeoutMs: limits.statementTimeoutMs,
    files: outcome.files,
    catalogUnchanged: unchanged,
    notes,
  };
}
