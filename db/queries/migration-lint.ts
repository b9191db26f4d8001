import "server-only";
import { lintMigration } from "@/db/migrations/lint-migration";
import { connectionFor, findTarget } from "@/db/targets/registry";
import type { LintResult } from "@/lib/migrations/lint/finding";
import { lintSql } from "@/lib/migrations/lint/lint-sql";
import { loadParser } from "@/lib/migrations/parse-tree";

/** Lints a pending migration's UP SQL for its page, with its configured target when there is one. */
export async function lintPendingMigration(
  targetId: string,
  sourceId: string,
  upSql: string,
): Promise<LintResult> {
  const target = findTarget(targetId);
  if (!target) {
    await loadParser();
    return lintSql(upSql);
  }
  const source = target.migrations.find((candidate) => candidate.id === sourceId);
  return lintMigration(target, source, connectionFor(target), upSql);
}
