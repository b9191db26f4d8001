import type { LintFinding, LintOptions, LintResult } from "./finding";
import { excerptOf, positionAt } from "./position";
import { LINT_RULES, type LintRuleName } from "./rules";
import { tableProtection } from "./table-facts";

const PATTERNS: [RegExp, LintRuleName, string][] = [
  [/^DROP\s+TABLE\b/i, "destructive", "DROP TABLE"],
  [/^ALTER\s+TABLE\s+\S+\s+DROP\s+(COLUMN\s+)?\S+/i, "destructive", "DROP COLUMN"],
  [/^DELETE\s+FROM\s+\S+\s*;?\s*$/i, "destructive", "DELETE without WHERE"],
  [/^ALTER\s+TABLE\s+\S+\s+RENAME\b/i, "rename", ""],
];

/**
 * For SQL PostgreSQL's parser rejects in a SQLite source: a per-statement regex check for
 * destructive statements, renames and protected tables only.
 */
export function lintSqlite(sql: string, options: LintOptions): LintResult {
  const findings: LintFinding[] = [];
  let offset = 0;
  for (const chunk of sql.split(";")) {
    const lead = /^(?:\s|--[^\n]*\n)*/.exec(chunk)?.[0].length ?? 0;
    const statement = chunk.slice(lead).trim();
    const at = positionAt(sql, offset + lead);
    offset += chunk.length + 1;
    if (!statement) continue;
    const tableName = /^(?:ALTER|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?["`]?([\w.]+)/i.exec(
      statement,
    )?.[1];
    const table = tableName ? { schema: null, name: tableName } : null;
    const hits: { rule: LintRuleName; detail: string }[] = PATTERNS.filter(([re]) =>
      re.test(statement),
    ).map(([, rule, detail]) => ({ rule, detail }));
    const protection = tableProtection(table, options.protectedTables);
    if (protection) hits.push({ rule: "protectedTable", detail: protection });
    for (const hit of hits) {
      const rule = LINT_RULES[hit.rule];
      findings.push({
        code: rule.code,
        severity: rule.severity,
        reason: hit.detail ? `${hit.detail}: ${rule.reason}` : rule.reason,
        saferPattern: rule.saferPattern,
        ...at,
        excerpt: excerptOf(statement),
        lock: "none",
        table,
        ...(hit.rule === "destructive" ? { needsTypedConfirmation: true } : {}),
      });
    }
  }
  return {
    findings,
    notes: ["parsed as SQLite: fewer checks (destructive, rename, protected tables)"],
  };
}
