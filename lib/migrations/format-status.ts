import type { TargetReport } from "./report";
import { countStates } from "./report";

const MARK: Record<string, string> = {
  applied: " ",
  pending: "·",
  appears_applied: "?",
  drifted: "!",
  missing_file: "!",
  failed: "!",
  dirty: "!",
  out_of_order: "!",
};

/** The plain-text report of `npm run migrations -- status`. */
export function formatStatus(targets: readonly TargetReport[]): string {
  const lines: string[] = [];
  if (targets.length === 0) lines.push("no target has migration sources configured");
  for (const target of targets) {
    lines.push(`${target.target} (${target.name})`);
    if (target.error) lines.push(`  ! could not read: ${target.error}`);
    for (const source of target.sources) {
      const ledger = `${source.ledger.kind} ledger ${source.ledger.table}${source.ledger.present ? "" : " (absent)"}`;
      lines.push(
        `  ${source.id}  [${source.layout}, ${ledger}${source.readOnly ? ", read-only" : ""}]`,
      );
      for (const finding of source.findings) {
        if (finding.severity !== "info") lines.push(`    ${finding.severity}: ${finding.message}`);
      }
      for (const migration of source.migrations) {
        const when = migration.appliedAt ? `  ${migration.appliedAt.toISOString()}` : "";
        lines.push(
          `   ${MARK[migration.state] ?? " "} ${migration.state.padEnd(15)} ${migration.id}${when}`,
        );
        for (const finding of migration.findings) {
          if (finding.severity === "error") lines.push(`        ${finding.message}`);
        }
      }
    }
  }
  const counts = countStates(targets);
  lines.push(
    "",
    Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`)
      .join(", ") || "no migrations",
  );
  return lines.join("\n");
}
