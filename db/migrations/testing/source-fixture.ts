import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_LEDGER, type MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { Layout, MigrationState } from "@/lib/migrations/model";
import type { SourceReport } from "@/lib/migrations/report";

/** A temporary folder filled with the given files (relative path → content). */
export function makeFolder(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sy-migrations-"));
  writeFiles(folder, files);
  return folder;
}

export function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export function sourceConfig(
  folder: string,
  layout: Layout,
  overrides: Partial<MigrationSourceConfig> = {},
): MigrationSourceConfig {
  return {
    id: "src",
    name: "Test source",
    folder,
    layout,
    subfolders: {},
    readOnly: false,
    idempotent: false,
    ledger: { kind: DEFAULT_LEDGER[layout] },
    sequenceInVersion: false,
    ...overrides,
  };
}

/** id → state, for compact assertions. */
export function statesOf(report: SourceReport): Record<string, MigrationState> {
  return Object.fromEntries(report.migrations.map((m) => [m.id, m.state]));
}
