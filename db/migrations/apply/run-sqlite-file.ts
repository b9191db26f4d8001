import "server-only";
import type { Client, Transaction } from "@libsql/client";
import type { FileRun } from "@/lib/migrations/run-model";
import { type FileToRun, freshRun, runStatement, StatementFailure } from "./file-run";

export interface SqliteRunHooks {
  progress(run: FileRun): Promise<void>;
  /** Writes the ledger inside the file's transaction. */
  record(tx: Transaction): Promise<void>;
}

/**
 * Runs one migration file on a SQLite target in one write transaction (SQLite's DDL is
 * transactional); the busy timeout of the connection bounds how long it waits for the database.
 */
export async function runSqliteFile(
  client: Client,
  file: FileToRun,
  hooks: SqliteRunHooks,
): Promise<FileRun> {
  const started = performance.now();
  let run = freshRun(file);
  const tx = await client.transaction("write");
  try {
    for (const statement of file.statements) {
      run = await runStatement(run, statement, (text) => tx.execute(text));
      await hooks.progress(run);
    }
    await hooks.record(tx);
    await tx.commit();
    return { ...run, ok: true, durationMs: performance.now() - started };
  } catch (error) {
    await tx.rollback().catch(() => {});
    if (error instanceof StatementFailure) run = error.run;
    const failed = { ...run, ok: false, durationMs: performance.now() - started };
    await hooks.progress(failed);
    return failed;
  } finally {
    tx.close();
  }
}
