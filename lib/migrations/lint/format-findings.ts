import type { LintFinding } from "./finding";
import { formatSize } from "./table-facts";

/** "ALTER TABLE job ADD COLUMN … takes ACCESS EXCLUSIVE on s.job (≈ 2.1M rows, 1.3 GB)" */
export function lockSummary(finding: LintFinding): string | null {
  if (finding.lock === "none" || !finding.table) return null;
  const name = finding.table.schema
    ? `${finding.table.schema}.${finding.table.name}`
    : finding.table.name;
  const size = finding.size ? ` (${formatSize(finding.size)})` : "";
  return `takes ${finding.lock} on ${name}${size}`;
}

/** One file's findings as text, one block per finding. */
export function formatFindings(file: string, findings: LintFinding[], notes: string[]): string {
  const lines = [
    `${file}: ${findings.length === 0 ? "no findings" : `${findings.length} finding(s)`}`,
  ];
  for (const note of notes) lines.push(`  note: ${note}`);
  for (const f of findings) {
    lines.push(`  ${f.line}:${f.column} ${f.severity} [${f.code}] ${f.excerpt}`);
    lines.push(`    ${f.reason}`);
    const lock = lockSummary(f);
    if (lock) lines.push(`    ${lock}`);
    lines.push(`    safer: ${f.saferPattern}`);
    if (f.needsTypedConfirmation) lines.push("    apply needs a typed confirmation");
  }
  return lines.join("\n");
}
