import type {
  FileRun,
  SqlStatement,
  StatementRun,
  TransactionMode,
} from "@/lib/migrations/run-model";

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
