import { parseSync } from "libpg-query";
import { doBlockStatements, type Node, unwrap } from "../parse-tree";
import { parseSql } from "../syntax-error";
import { checkStatement, type FileContext, type Hit } from "./check-statement";
import type { LintFinding, LintOptions, LintResult } from "./finding";
import { excerptOf, positionAt, skipBlank } from "./position";
import { LINT_RULES } from "./rules";
import { lintSqlite } from "./sqlite-fallback";
import { statementLock } from "./statement-lock";
import { tableProtection, withSize } from "./table-facts";

type Tree = { stmts?: { stmt?: Node; stmt_location?: number; stmt_len?: number }[] };

/**
 * Lints one migration's SQL with PostgreSQL's own parser: per statement, the rules it breaks,
 * the lock it takes and (with `sizes`) the size of the table it takes it on. Needs no database.
 * Call loadParser() first.
 */
export function lintSql(sql: string, options: LintOptions = {}): LintResult {
  const parsed = parseSql(sql);
  if ("problem" in parsed) {
    const { problem } = parsed;
    if (options.dialect === "sqlite") return lintSqlite(sql, options);
    const rule = LINT_RULES.parseError;
    const at = { line: problem.line, column: problem.column };
    return {
      findings: [
        {
          code: rule.code,
          severity: rule.severity,
          reason: `${rule.reason}: ${problem.message} (line ${at.line}, column ${at.column})`,
          saferPattern: rule.saferPattern,
          ...at,
          excerpt: excerptOf(sql.split("\n")[at.line - 1] ?? ""),
          lock: rule.lock,
          table: null,
        },
      ],
      notes: [],
    };
  }
  const tree = parsed.tree as Tree;
  const context: FileContext = {
    inTransaction: false,
    idempotent: options.idempotent === true,
    inDoBlock: false,
    validatedChecks: new Set(),
  };
  const findings: LintFinding[] = [];
  for (const { stmt, stmt_location = 0, stmt_len } of tree.stmts ?? []) {
    if (!stmt) continue;
    const start = skipBlank(sql, stmt_location);
    const statement = sql.slice(start, stmt_len ? stmt_location + stmt_len : undefined);
    const at = positionAt(sql, start);
    context.inDoBlock = unwrap(stmt)[0] === "DoStmt";
    for (const [type, node] of statementsIn(stmt)) {
      const hits: Hit[] = checkStatement(type, node, context);
      const { lock, table } = statementLock(type, node);
      const protection = tableProtection(table, options.protectedTables);
      if (protection) hits.push({ rule: "protectedTable", detail: protection });
      for (const hit of hits) {
        const rule = LINT_RULES[hit.rule];
        const size = withSize(table, options.sizes);
        const empty = hit.rule === "notNullWithoutDefault" && size ? size.rows === 0 : null;
        findings.push({
          code: rule.code,
          severity: empty ? "info" : rule.severity,
          reason: `${hit.detail ? `${hit.detail}: ${rule.reason}` : rule.reason}${emptiness(empty)}`,
          saferPattern: rule.saferPattern,
          ...at,
          excerpt: excerptOf(statement),
          lock: lock === "none" ? rule.lock : lock,
          table,
          ...(size ? { size } : {}),
          ...(hit.rule === "destructive" ? { needsTypedConfirmation: true } : {}),
        });
      }
    }
    context.inDoBlock = false;
  }
  if (options.dialect !== "sqlite") return { findings, notes: [] };
  return {
    findings: findings
      .filter((f) => SQLITE_CODES.has(f.code))
      .map((f) => ({ ...f, lock: "none" as const })),
    notes: [
      "SQLite: only the destructive, rename, NOT NULL, idempotency and protected-table checks apply",
    ],
  };
}

/** SQLite has no CONCURRENTLY, NOT VALID, USING INDEX or PostgreSQL's lock levels. */
const SQLITE_CODES = new Set<string>(
  (
    ["notNullWithoutDefault", "destructive", "rename", "notIdempotent", "protectedTable"] as const
  ).map((name) => LINT_RULES[name].code),
);

const emptiness = (empty: boolean | null) =>
  empty === null
    ? ""
    : empty
      ? " (the table is empty: it will not fail)"
      : " (the table is not empty: it will fail)";

/** The statement itself, or for a DO block the statements inside it. */
function statementsIn(stmt: Node): [string, Node][] {
  const [type, node] = unwrap(stmt);
  if (type !== "DoStmt") return [[type, node]];
  let queries: string[];
  try {
    queries = doBlockStatements(node);
  } catch {
    return [];
  }
  return queries.flatMap((query) => {
    try {
      const tree = parseSync(query) as Tree;
      return (tree.stmts ?? []).flatMap(({ stmt: s }) => (s ? [unwrap(s)] : []));
    } catch {
      return [];
    }
  });
}
