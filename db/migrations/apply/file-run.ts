import type {
  FileRun,
  SqlStatement,
  StatementRun,
  TransactionMode,
} from "@/lib/migrations/run-model";
import { toStatementError } from "@/lib/migrations/statement-error";

/** One file as the runner takes it: its statements and whether they share a transaction. */
export interface FileToRun {
  migrationId: string;
  statements: SqlStatement[];
  transaction: TransactionMode;
}

/** A file's progress record before anything ran: every statement `not_run`. */
export function freshRun(file: FileToRun, attempts = 1): FileRun {
  return {
    migrationId: file.migrationId,
    transaction: file.transaction,
    ok: false,
    durationMs: 0,
    attempts,
    statements: file.statements.map(
      (statement): StatementRun => ({
        index: statement.index,
        line: statement.line,
        column: statement.column,
        excerpt: statement.excerpt,
        status: "not_run",
        durationMs: null,
        error: null,
        changes: [],
      }),
    ),
  };
}

/** The progress record with one statement's outcome filled in. */
export function withStatement(run: FileRun, index: number, update: Partial<StatementRun>): FileRun {
  return {
    ...run,
    statements: run.statements.map((statement) =>
      statement.index === index ? { ...statement, ...update } : statement,
    ),
  };
}

/** A statement failed: the file's progress with that statement marked, and the driver's error. */
export class StatementFailure extends Error {
  readonly run: FileRun;

  constructor(run: FileRun, cause: unknown) {
    super("a migration statement failed", { cause });
    this.name = "StatementFailure";
    this.run = run;
  }
}

/**
 * Runs one statement and returns the file's progress with its outcome and duration. A failure is
 * thrown as StatementFailure (the caller rolls back) with the statement marked failed.
 */
export async function runStatement(
  run: FileRun,
  statement: SqlStatement,
  execute: (text: string) => Promise<unknown>,
): Promise<FileRun> {
  const at = performance.now();
  try {
    await execute(statement.text);
  } catch (error) {
    const failed = withStatement(run, statement.index, {
      status: "failed",
      durationMs: performance.now() - at,
      error: toStatementError(error, statement),
    });
    throw new StatementFailure(failed, error);
  }
  return withStatement(run, statement.index, { status: "ok", durationMs: performance.now() - at });
}
