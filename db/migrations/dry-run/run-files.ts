import "server-only";
import { type CatalogSnapshot, diffCatalog } from "@/lib/migrations/catalog-diff";
import type {
  FileRun,
  SqlStatement,
  StatementError,
  StatementRun,
} from "@/lib/migrations/run-model";
import {
  isTransactionControl,
  type SqlDialect,
  splitStatements,
  transactionMode,
} from "@/lib/migrations/statements";

export interface DryRunFile {
  migrationId: string;
  /** The migration's SQL as it sits in the file (lines and columns are reported against it). */
  sql: string;
}

/** One open transaction on the target that the files run in, statement by statement. */
export interface DryRunSession {
  dialect: SqlDialect;
  /** Runs one operator-reviewed statement as written. */
  execute(text: string): Promise<void>;
  snapshot(): Promise<CatalogSnapshot>;
  /** The error of a failed statement, as the file's reader needs it. */
  explain(error: unknown, statement: SqlStatement): StatementError;
}

export interface FilesOutcome {
  files: FileRun[];
  notes: string[];
  ok: boolean;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/**
 * Runs every file in order inside the session's one transaction (a later file sees what an
 * earlier one did), statement by statement, with the catalog compared around each statement.
 * Statements that cannot run in a transaction and the files' own BEGIN/COMMIT are not run; the
 * first error stops the run and every later statement is `not_run`.
 */
export async function runFiles(
  session: DryRunSession,
  files: DryRunFile[],
  start: CatalogSnapshot,
): Promise<FilesOutcome> {
  const notes: string[] = [];
  const runs: FileRun[] = [];
  let current = start;
  let stopped = false;
  for (const file of files) {
    const reached = !stopped;
    const statements = splitStatements(file.sql, session.dialect);
    const statementRuns: StatementRun[] = [];
    let fileFailed = false;
    let skippedControl = false;
    for (const statement of statements) {
      const base = {
        index: statement.index,
        line: statement.line,
        column: statement.column,
        excerpt: statement.excerpt,
        durationMs: null,
        error: null,
        changes: [],
      };
      if (stopped) {
        statementRuns.push({ ...base, status: "not_run" });
        continue;
      }
      if (statement.outsideTransaction) {
        statementRuns.push({ ...base, status: "skipped_outside_transaction" });
        notes.push(
          `${file.migrationId}, line ${statement.line} (${statement.excerpt}) was not run: ${statement.outsideTransaction}, and a dry run cannot undo it. Its effect is missing from this dry run; later statements that depend on it may fail here and not in the apply.`,
        );
        continue;
      }
      if (isTransactionControl(statement)) {
        statementRuns.push({ ...base, status: "skipped_transaction_control" });
        skippedControl = true;
        continue;
      }
      const began = performance.now();
      try {
        await session.execute(statement.text);
      } catch (error) {
        statementRuns.push({
          ...base,
          status: "failed",
          durationMs: elapsed(began),
          error: session.explain(error, statement),
        });
        fileFailed = true;
        stopped = true;
        continue;
      }
      const durationMs = elapsed(began);
      try {
        const next = await session.snapshot();
        statementRuns.push({
          ...base,
          status: "ok",
          durationMs,
          changes: diffCatalog(current, next),
        });
        current = next;
      } catch (error) {
        // The transaction is unusable after a failed catalog read: stop honestly.
        statementRuns.push({ ...base, status: "ok", durationMs });
        notes.push(
          `${file.migrationId}, line ${statement.line}: the catalog could not be read after this statement (${(error as Error).message}); the dry run stopped there.`,
        );
        fileFailed = true;
        stopped = true;
      }
    }
    if (skippedControl) {
      notes.push(
        `${file.migrationId} manages its own transaction: its BEGIN/COMMIT/ROLLBACK were not run, because the dry run holds one transaction for all files and rolls it back.`,
      );
    }
    runs.push({
      migrationId: file.migrationId,
      transaction: transactionMode(file.sql, statements),
      ok: reached && !fileFailed,
      durationMs:
        Math.round(statementRuns.reduce((sum, s) => sum + (s.durationMs ?? 0), 0) * 100) / 100,
      statements: statementRuns,
    });
  }
  return { files: runs, notes, ok: !stopped };
}
