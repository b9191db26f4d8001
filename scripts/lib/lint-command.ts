import fs from "node:fs";
import path from "node:path";
import { lintTableSizes } from "@/db/migrations/lint-table-sizes";
import { closeConnection, connectTarget } from "@/db/targets/connect";
import type { TargetConfig } from "@/lib/config/schema";
import type { LintOptions, LintResult } from "@/lib/migrations/lint/finding";
import { formatFindings } from "@/lib/migrations/lint/format-findings";
import { lintSql } from "@/lib/migrations/lint/lint-sql";
import { loadParser } from "@/lib/migrations/parse-tree";
import { beforeDown } from "@/lib/migrations/sections";

/**
 * Lints each file (its UP part) and prints the findings. With a target: its protected tables,
 * its table sizes, and the `idempotent` option of the source whose folder holds the file.
 * Returns the exit code: 1 when any finding is an error.
 */
export async function lintCommand(
  files: string[],
  target: TargetConfig | null,
  json: boolean,
): Promise<number> {
  await loadParser();
  const connection = target ? connectTarget(target) : null;
  try {
    const sizes = connection ? await lintTableSizes(connection) : undefined;
    const results: (LintResult & { file: string })[] = [];
    for (const file of files) {
      const source = target?.migrations.find((s) =>
        path.resolve(file).startsWith(`${path.resolve(s.folder)}${path.sep}`),
      );
      const options: LintOptions = {
        dialect: target?.kind === "sqlite" ? "sqlite" : "postgresql",
        idempotent: source?.idempotent ?? false,
        protectedTables: target?.protectedTables ?? [],
        ...(sizes ? { sizes } : {}),
      };
      const sql = beforeDown(fs.readFileSync(file, "utf8"));
      results.push({ file, ...lintSql(sql, options) });
    }
    if (json) console.log(JSON.stringify({ files: results }, null, 2));
    else console.log(results.map((r) => formatFindings(r.file, r.findings, r.notes)).join("\n\n"));
    return results.some((r) => r.findings.some((f) => f.severity === "error")) ? 1 : 0;
  } finally {
    if (connection) await closeConnection(connection);
  }
}
