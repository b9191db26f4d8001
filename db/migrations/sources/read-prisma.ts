import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Finding, MigrationFile, SourceRead } from "@/lib/migrations/model";
import { decodeFile, filesIn, subfoldersOf, substituteSchema, unreadableFinding } from "./files";
import type { SourceOptions } from "./source-options";

const FOLDER = /^(\d{14})_(.+)$/;

/** A Prisma folder: `<timestamp>_<name>/migration.sql`, applied in folder-name order. */
export function readPrismaSource(options: SourceOptions): SourceRead {
  const findings: Finding[] = [];
  const files: MigrationFile[] = [];
  for (const folder of subfoldersOf(options.folder)) {
    const match = FOLDER.exec(folder);
    const sqlPath = path.join(options.folder, folder, "migration.sql");
    if (!match || !fs.existsSync(sqlPath)) {
      findings.push({
        code: "unmatched_file",
        severity: "warning",
        provenance: "computed",
        file: `${folder}/`,
        message: match
          ? `${folder}/ has no migration.sql`
          : `${folder}/ does not match <14-digit timestamp>_<name>/migration.sql`,
      });
      continue;
    }
    const file = `${folder}/migration.sql`;
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(sqlPath);
    } catch (error) {
      findings.push(unreadableFinding(file, error));
      continue;
    }
    const fileFindings: Finding[] = [];
    const text = decodeFile({ path: file, bytes }, fileFindings);
    files.push({
      id: folder,
      name: match[2] ?? folder,
      version: match[1] ?? "",
      orderKey: folder,
      paths: [file],
      upSql: substituteSchema(text, options.schema),
      downSql: null,
      checksumInput: bytes,
      meta: { fileName: "migration.sql", baseName: folder, language: "sql" },
      findings: fileFindings,
    });
  }
  for (const stray of filesIn(options.folder, "", findings)) {
    if (stray.path === "migration_lock.toml") continue;
    findings.push({
      code: "unmatched_file",
      severity: "info",
      provenance: "computed",
      file: stray.path,
      message: `${stray.path} is not a migration folder`,
    });
  }
  return { files, findings };
}
