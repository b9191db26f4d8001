import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Finding, MigrationFile, SourceRead } from "@/lib/migrations/model";
import { padVersion } from "@/lib/migrations/order";
import { decodeFile, filesIn, substituteSchema } from "./files";
import type { SourceOptions } from "./source-options";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints?: boolean;
}

const BREAKPOINT = "--> statement-breakpoint";

/**
 * A drizzle-kit folder: `meta/_journal.json` lists the migrations in order; each is `<tag>.sql`,
 * its statements split on `--> statement-breakpoint`. drizzle's ledger stores the journal's
 * `when` as created_at and the SHA-256 of the file as hash.
 */
export function readDrizzleSource(options: SourceOptions): SourceRead {
  const findings: Finding[] = [];
  const journalPath = path.join(options.folder, "meta", "_journal.json");
  let entries: JournalEntry[] = [];
  try {
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries?: unknown };
    entries = Array.isArray(journal.entries) ? (journal.entries as JournalEntry[]) : [];
  } catch (error) {
    findings.push({
      code: "journal_unreadable",
      severity: "error",
      provenance: "computed",
      file: "meta/_journal.json",
      message: `meta/_journal.json could not be read: ${(error as Error).message}`,
    });
  }

  const sqlFiles = new Map(
    filesIn(options.folder, "", findings).map((entry) => [entry.path, entry]),
  );
  const files: MigrationFile[] = [];
  for (const entry of entries) {
    const fileName = `${entry.tag}.sql`;
    const found = sqlFiles.get(fileName);
    sqlFiles.delete(fileName);
    if (!found) {
      findings.push({
        code: "journal_file_missing",
        severity: "error",
        provenance: "computed",
        file: fileName,
        message: `the journal lists ${fileName} (idx ${entry.idx}) but the file is not there; drizzle's migrator would fail`,
      });
      continue;
    }
    const fileFindings: Finding[] = [];
    const text = substituteSchema(decodeFile(found, fileFindings), options.schema);
    const statements = text.split(BREAKPOINT).map((part) => part.trim());
    files.push({
      id: entry.tag,
      name: entry.tag.replace(/^\d+_/, ""),
      version: String(entry.idx),
      orderKey: `${padVersion(String(entry.when))}|${entry.tag}`,
      paths: [fileName],
      upSql: statements.join("\n\n"),
      downSql: null,
      checksumInput: found.bytes,
      meta: {
        when: entry.when,
        statements: statements.length,
        fileName,
        baseName: entry.tag,
        language: "sql",
      },
      findings: fileFindings,
    });
  }
  for (const stray of sqlFiles.keys()) {
    findings.push({
      code: "not_in_journal",
      severity: "warning",
      provenance: "computed",
      file: stray,
      message: `${stray} is not in meta/_journal.json; drizzle never runs it`,
    });
  }
  return { files, findings };
}
