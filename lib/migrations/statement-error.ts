import { errorCode, rootCause } from "@/lib/database-error";
import type { SqlStatement, StatementError } from "./run-model";

type Located = Pick<SqlStatement, "text" | "line" | "column">;

/**
 * The file's line and column of a 1-based character position inside a statement (PostgreSQL's
 * error `position` counts characters of the statement as sent, which is the statement's text).
 */
export function positionInFile(
  statement: Located,
  position: number,
): { line: number; column: number } {
  const offset = Math.min(Math.max(0, position - 1), statement.text.length);
  const before = statement.text.slice(0, offset);
  const newline = before.lastIndexOf("\n");
  if (newline < 0) return { line: statement.line, column: statement.column + offset };
  const line = statement.line + before.split("\n").length - 1;
  return { line, column: offset - newline };
}

interface DriverError {
  message?: unknown;
  position?: unknown;
  detail?: unknown;
  hint?: unknown;
}

/**
 * What a failed statement reports: the database's message, SQLSTATE (or SQLite's code), DETAIL
 * and HINT, and the line and column in the file (where PostgreSQL pointed, else the statement's
 * start). Shared by the dry run and the apply.
 */
export function toStatementError(error: unknown, statement: Located): StatementError {
  const cause = rootCause(error) as DriverError | null;
  const code = errorCode(error) ?? null;
  const raw = cause instanceof Error ? cause.message : String(cause);
  // libsql prefixes its code ("SQLITE_ERROR: no such column: x"); the code has its own field.
  const message = code && raw.startsWith(`${code}: `) ? raw.slice(code.length + 2) : raw;
  const position = Number(cause?.position);
  const at =
    Number.isInteger(position) && position > 0
      ? positionInFile(statement, position)
      : { line: statement.line, column: statement.column };
  return {
    message,
    code,
    ...(typeof cause?.detail === "string" && cause.detail ? { detail: cause.detail } : {}),
    ...(typeof cause?.hint === "string" && cause.hint ? { hint: cause.hint } : {}),
    ...at,
  };
}

/** Lock and statement timeouts, as the runner's settings explain them. */
export function explainTimeout(
  error: StatementError,
  limits: { lockTimeoutMs: number; statementTimeoutMs: number },
): StatementError {
  if (error.code === "57014" && /statement timeout/i.test(error.message)) {
    return {
      ...error,
      message: `${error.message} (statement_timeout of ${limits.statementTimeoutMs} ms)`,
    };
  }
  return error;
}
