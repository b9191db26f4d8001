import "server-only";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { TargetConfig } from "@/lib/config/schema";
import type { LintResult, TableSizes } from "@/lib/migrations/lint/finding";
import { lintSql } from "@/lib/migrations/lint/lint-sql";
import { loadParser } from "@/lib/migrations/parse-tree";
import type { TargetConnection } from "../targets/connect";
import { lintTableSizes } from "./lint-table-sizes";

/**
 * Lints migration SQL with its target's protected tables, its source's `idempotent` option and,
 * when the target answers, its table sizes.
 */
export async function lintMigration(
  target: TargetConfig,
  source: MigrationSourceConfig | undefined,
  connection: TargetConnection | null,
  sql: string,
): Promise<LintResult> {
  await loadParser();
  let sizes: TableSizes | undefined;
  if (connection) {
    try {
      sizes = await lintTableSizes(connection, source?.schema ?? "public");
    } catch {
      sizes = undefined;
    }
  }
  return lintSql(sql, {
    dialect: target.kind === "sqlite" ? "sqlite" : "postgresql",
    idempotent: source?.idempotent ?? false,
    protectedTables: target.protectedTables,
    ...(sizes ? { sizes } : {}),
  });
}
