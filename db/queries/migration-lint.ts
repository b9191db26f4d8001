import "server-only";
import { lintTableSizes } from "@/db/migrations/lint-table-sizes";
import { connectionFor, findTarget } from "@/db/targets/registry";
import type { LintResult, TableSizes } from "@/lib/migrations/lint/finding";
import { lintSql } from "@/lib/migrations/lint/lint-sql";
import { loadParser } from "@/lib/migrations/parse-tree";

/**
 * Lints a migration's UP SQL with its target's protected tables, its source's `idempotent`
 * option and, when the target answers, its table sizes.
 */
export async function lintMigration(
  targetId: string,
  sourceId: string,
  upSql: string,
): Promise<LintResult> {
  await loadParser();
  const target = findTarget(targetId);
  const source = target?.migrations.find((candidate) => candidate.id === sourceId);
  let sizes: TableSizes | undefined;
  if (target) {
    try {
      sizes = await lintTableSizes(connectionFor(target), source?.schema ?? "public");
    } catch {
      sizes = undefined;
    }
  }
  return lintSql(upSql, {
    dialect: target?.kind === "sqlite" ? "sqlite" : "postgresql",
    idempotent: source?.idempotent ?? false,
    protectedTables: target?.protectedTables ?? [],
    ...(sizes ? { sizes } : {}),
  });
}
