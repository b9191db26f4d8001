import { parseSync } from "libpg-query";
import { excerptOf, positionAt } from "./lint/position";
import { outsideTransactionOfNode, outsideTransactionOfText } from "./outside-transaction";
import type { Node } from "./parse-tree";
import type { SqlStatement, TransactionMode } from "./run-model";
import {
  byteToCharOffsets,
  type SqlDialect,
  scanStatements,
  skipBlankAndComments,
  type TextRange,
} from "./statement-scan";

export type { SqlDialect } from "./statement-scan";

type Tree = { stmts?: { stmt?: Node; stmt_location?: number; stmt_len?: number }[] };

interface Located extends TextRange {
  /** Why it cannot run in a transaction block, when the parse tree already told. */
  outside?: string | null;
}

/**
 * The statements of a migration file, each with its line and column in the file and why it
 * cannot run inside a transaction block (null when it can).
 *
 * PostgreSQL: split where PostgreSQL's own parser splits (call loadParser() first). A file the
 * parser rejects is split on `;` outside quotes, comments and dollar-quoted bodies instead, so
 * that the statements before the broken one still run and the database itself reports the error
 * at the broken one. SQLite: split on `;` outside quotes, comments and trigger bodies.
 */
export function splitStatements(sql: string, dialect: SqlDialect): SqlStatement[] {
  const located =
    (dialect === "postgresql" ? parsedRanges(sql) : null) ?? scannedRanges(sql, dialect);
  const statements: SqlStatement[] = [];
  for (const range of located) {
    const start = skipBlankAndComments(sql, range.start);
    const text = sql.slice(start, range.end).trimEnd();
    if (!text) continue;
    statements.push({
      index: statements.length,
      text,
      ...positionAt(sql, start),
      excerpt: excerptOf(text),
      outsideTransaction:
        range.outside !== undefined ? range.outside : outsideTransactionOfText(text, dialect),
    });
  }
  return statements;
}

function parsedRanges(sql: string): Located[] | null {
  let tree: Tree;
  try {
    tree = parseSync(sql) as Tree;
  } catch {
    return null;
  }
  const toChar = byteToCharOffsets(sql);
  return (tree.stmts ?? []).map(({ stmt, stmt_location = 0, stmt_len }) => ({
    start: toChar(stmt_location),
    end: stmt_len ? toChar(stmt_location + stmt_len) : sql.length,
    outside: stmt ? outsideTransactionOfNode(stmt) : null,
  }));
}

/** Tokenizer split; for PostgreSQL, each piece that parses on its own is classified by the parser. */
function scannedRanges(sql: string, dialect: SqlDialect): Located[] {
  return scanStatements(sql, dialect).map((range) => {
    if (dialect !== "postgresql") return range;
    try {
      const [first] = (parseSync(sql.slice(range.start, range.end)) as Tree).stmts ?? [];
      return first?.stmt ? { ...range, outside: outsideTransactionOfNode(first.stmt) } : range;
    } catch {
      return range;
    }
  });
}

export type TransactionControl = "begin" | "commit" | "rollback";

/**
 * Whether a statement starts, ends or abandons the transaction itself (BEGIN, START TRANSACTION,
 * COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION), or null. Savepoints are not: they work
 * inside the runner's transaction. COMMIT PREPARED and ROLLBACK PREPARED are not either: they
 * cannot run in a transaction block at all (see `outsideTransaction`).
 */
export function transactionControlOf(
  statement: Pick<SqlStatement, "text">,
): TransactionControl | null {
  const text = statement.text.slice(skipBlankAndComments(statement.text, 0)).replace(/\s+/g, " ");
  if (/^(begin|start transaction)\b/i.test(text)) return "begin";
  if (/^(commit|rollback) prepared\b/i.test(text)) return null;
  if (/^(commit|end)\b/i.test(text) || /^prepare transaction\b/i.test(text)) return "commit";
  if (/^(rollback|abort)\b/i.test(text) && !/\bto\b/i.test(text)) return "rollback";
  return null;
}

/** A runner that holds its own transaction skips these (and says so). */
export const isTransactionControl = (statement: Pick<SqlStatement, "text">): boolean =>
  transactionControlOf(statement) !== null;

/**
 * Lines that mark a file to run outside a transaction, as the tools that use them spell them:
 *   `-- no-transaction`                sqlx (also `-- no_transaction`)
 *   `-- switchyard:no-transaction`     Switchyard's own
 *   `-- +goose NO TRANSACTION`         goose
 *   `-- migrate:up transaction:false`  dbmate
 * The marker is a whole line (leading blanks allowed), anywhere in the file, in any letter case.
 */
export const NO_TRANSACTION_MARKERS: RegExp[] = [
  /^[ \t]*--[ \t]*(?:switchyard:[ \t]*)?no[-_]transaction[ \t]*$/im,
  /^[ \t]*--[ \t]*\+goose[ \t]+no[ \t]+transaction[ \t]*$/im,
  /^[ \t]*--[ \t]*migrate:up\b[^\n]*\btransaction:false\b[^\n]*$/im,
];

/** The marker line as written in the file, or null. */
export function noTransactionMarker(sql: string): string | null {
  for (const marker of NO_TRANSACTION_MARKERS) {
    const found = marker.exec(sql);
    if (found) return found[0].trim();
  }
  return null;
}

/**
 * How a file runs: in one transaction, unless it is marked to run outside one, a statement
 * cannot run in one (the reason names it and its line), or the file manages its own transaction.
 */
export function transactionMode(sql: string, statements: SqlStatement[]): TransactionMode {
  const marker = noTransactionMarker(sql);
  if (marker) return { mode: "none", reason: `the file is marked "${marker}"` };
  const outside = statements.find((s) => s.outsideTransaction);
  if (outside) {
    return {
      mode: "none",
      reason: `line ${outside.line} (${outside.excerpt}): ${outside.outsideTransaction}`,
    };
  }
  if (statements.some(isTransactionControl)) {
    return { mode: "none", reason: "the file manages its own transaction" };
  }
  return { mode: "transaction", reason: null };
}
