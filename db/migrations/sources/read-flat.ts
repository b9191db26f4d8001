import "server-only";
import type { Finding, MigrationFile, SourceRead } from "@/lib/migrations/model";
import { duplicateFindings, gapFindings } from "@/lib/migrations/order";
import { splitSections } from "@/lib/migrations/sections";
import { decodeFile, type FolderEntry, filesIn, subfoldersOf, substituteSchema } from "./files";
import { type FlatLayout, orderKeyFor } from "./flat-layouts";
import type { SourceOptions } from "./source-options";

const SCRIPT = /\.(js|cjs|mjs|ts)$/;

/**
 * Reads a layout with one file (or one up/down pair) per migration: top-level files first, then
 * each subfolder whose rule is "after". Files that do not fit are findings, never errors.
 */
export function readFlatSource(layout: FlatLayout, options: SourceOptions): SourceRead {
  const findings: Finding[] = [];
  const files: MigrationFile[] = [];
  const groups = [""];
  for (const sub of subfoldersOf(options.folder)) {
    const rule = options.subfolders[sub];
    if (rule === "after") continue;
    const count = filesIn(options.folder, sub).length;
    findings.push({
      code: rule === "never" ? "subfolder_never_loaded" : "subfolder_ignored",
      severity: rule === "never" ? "info" : "warning",
      provenance: "computed",
      file: `${sub}/`,
      message:
        rule === "never"
          ? `${sub}/ (${count} files) is never loaded, by configuration`
          : `${sub}/ (${count} files) has no rule in the configuration; its files are not read`,
    });
  }
  for (const [sub, rule] of Object.entries(options.subfolders)) {
    if (rule === "after") groups.push(sub);
  }

  groups.forEach((group, groupIndex) => {
    let entries: FolderEntry[];
    try {
      entries = filesIn(options.folder, group, findings);
    } catch {
      findings.push({
        code: "subfolder_missing",
        severity: "warning",
        provenance: "computed",
        file: `${group}/`,
        message: `${group}/ is configured but does not exist`,
      });
      return;
    }
    const groupFiles = readGroup(layout, options, entries, findings).map((file) => ({
      ...file,
      orderKey: `${groupIndex}|${file.orderKey}`,
      meta: { ...file.meta, group },
    }));
    files.push(...groupFiles.sort((a, b) => a.orderKey.localeCompare(b.orderKey)));
    if (layout.reportGaps) findings.push(...gapFindings(groupFiles, group));
  });
  duplicateFindings(files);
  return { files, findings };
}

function readGroup(
  layout: FlatLayout,
  options: SourceOptions,
  entries: FolderEntry[],
  findings: Finding[],
): MigrationFile[] {
  const byId = new Map<string, { up?: FolderEntry; down?: FolderEntry; parsed: ParsedName }>();
  for (const entry of entries) {
    const fileName = entry.path.split("/").pop() ?? entry.path;
    const match = layout.pattern.exec(fileName);
    if (!match) {
      findings.push({
        code: "unmatched_file",
        severity: fileName.endsWith(".sql") ? "warning" : "info",
        provenance: "computed",
        file: entry.path,
        message: `${entry.path} does not match the layout (${layout.expectation}); not a migration`,
      });
      continue;
    }
    const parsed = layout.parse(match, options.sequenceInVersion);
    const id = entry.path.replace(/(\.(up|down))?\.(sql|js|cjs|mjs|ts)$/, "");
    const slot = byId.get(id) ?? { parsed: { ...parsed, fileName } };
    if (parsed.direction === "down") slot.down = entry;
    else {
      slot.up = entry;
      slot.parsed = { ...parsed, fileName };
    }
    byId.set(id, slot);
  }

  const files: MigrationFile[] = [];
  for (const [id, { up, down, parsed }] of byId) {
    if (!up) {
      findings.push({
        code: "down_without_up",
        severity: "warning",
        provenance: "computed",
        file: down?.path,
        message: `${down?.path} has no matching .up.sql`,
      });
      continue;
    }
    files.push(toMigrationFile(layout, options, id, parsed, up, down));
  }
  return files;
}

interface ParsedName {
  version: string;
  name: string;
  fileName: string;
  meta?: Record<string, string>;
}

function toMigrationFile(
  layout: FlatLayout,
  options: SourceOptions,
  id: string,
  parsed: ParsedName,
  up: FolderEntry,
  down: FolderEntry | undefined,
): MigrationFile {
  const findings: Finding[] = [];
  const text = substituteSchema(decodeFile(up, findings), options.schema);
  const script = SCRIPT.test(parsed.fileName);
  const sections = script ? null : splitSections(text);
  if (layout.requiresSections && sections && !sections.hasMarkers) {
    findings.push({
      code: "no_sections",
      severity: "warning",
      provenance: "computed",
      file: up.path,
      message: "no -- UP / -- DOWN markers: the whole file is treated as UP, with no DOWN part",
    });
  }
  if (layout.pairs && !down && parsed.fileName.includes(".up.")) {
    findings.push({
      code: "no_down",
      severity: "info",
      provenance: "computed",
      file: up.path,
      message: "no .down.sql: this migration cannot be reverted",
    });
  }
  return {
    id,
    name: parsed.name,
    version: parsed.version,
    orderKey: orderKeyFor(layout, parsed.version, parsed.fileName),
    paths: down ? [up.path, down.path] : [up.path],
    upSql: sections ? sections.up : text,
    downSql: down
      ? substituteSchema(decodeFile(down, findings), options.schema)
      : (sections?.downUncommented ?? sections?.down ?? null),
    checksumInput: up.bytes,
    meta: {
      ...parsed.meta,
      fileName: parsed.fileName,
      baseName: parsed.fileName.replace(/\.(sql|js|cjs|mjs|ts)$/, ""),
      language: script ? "js" : "sql",
    },
    findings,
  };
}
