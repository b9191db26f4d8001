import { parseSync } from "libpg-query";
import { positionAt } from "./lint/position";

export interface SyntaxProblem {
  /** PostgreSQL's own words, e.g. `syntax error at or near "FORM"`. */
  message: string;
  line: number;
  column: number;
}

/**
 * PostgreSQL's parse tree of the SQL, or why its parser refuses it, with where (1-based line and
 * column of the text given). Call loadParser() first.
 */
export function parseSql(sql: string): { tree: unknown } | { problem: SyntaxProblem } {
  try {
    return { tree: parseSync(sql) };
  } catch (error) {
    const cursor =
      (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition ?? 0;
    return {
      problem: { message: (error as Error).message, ...positionAt(sql, Math.max(0, cursor)) },
    };
  }
}

/** Why PostgreSQL's parser refuses this SQL, or null when it parses. */
export function syntaxErrorOf(sql: string): SyntaxProblem | null {
  const parsed = parseSql(sql);
  return "problem" in parsed ? parsed.problem : null;
}
