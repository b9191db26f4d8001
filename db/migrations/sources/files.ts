import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Finding } from "@/lib/migrations/model";
import { invalidUtf8 } from "@/lib/migrations/utf8";

export interface FolderEntry {
  /** Relative to the source folder, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

/**
 * Files directly in `folder` (not in subfolders; links are followed), sorted by name. A file that
 * cannot be read is left out, with an error finding in `unreadable` when the caller keeps them.
 */
export function filesIn(folder: string, relative = "", unreadable?: Finding[]): FolderEntry[] {
  const directory = path.join(folder, relative);
  const entries: FolderEntry[] = [];
  for (const name of fs.readdirSync(directory).sort()) {
    const file = path.join(directory, name);
    const shown = relative ? `${relative}/${name}` : name;
    try {
      if (!fs.statSync(file).isFile()) continue;
      entries.push({ path: shown, bytes: fs.readFileSync(file) });
    } catch (error) {
      unreadable?.push(unreadableFinding(shown, error));
    }
  }
  return entries;
}

/** Names of the direct subfolders of `folder`, sorted. */
export function subfoldersOf(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A file (or folder) that exists but cannot be read: said with the system's reason. */
export function unreadableFinding(file: string, error: unknown): Finding {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  const link = (error as NodeJS.ErrnoException).code === "ENOENT" ? ": a link to nothing?" : "";
  return {
    code: "file_unreadable",
    severity: "error",
    provenance: "computed",
    file,
    message: `${file} cannot be read (${reason}${link}); it is left out, so this list may lack a migration`,
  };
}

/**
 * A migration file's text. Bytes that are not UTF-8 (PostgreSQL would refuse the file) become
 * U+FFFD in the text shown, and an error finding says where the first one is.
 */
export function decodeFile(
  entry: { path: string; bytes: Uint8Array },
  findings: Finding[],
): string {
  const bad = invalidUtf8(entry.bytes);
  if (bad) {
    findings.push({
      code: "invalid_utf8",
      severity: "error",
      provenance: "computed",
      file: entry.path,
      message: `${entry.path} is not valid UTF-8 (byte 0x${(entry.bytes[bad.offset] ?? 0).toString(16).padStart(2, "0")} at line ${bad.line}, column ${bad.column}): PostgreSQL would refuse it; the text shown has � in its place`,
    });
  }
  return new TextDecoder().decode(entry.bytes);
}

export function substituteSchema(text: string, schema: string | undefined): string {
  return schema === undefined ? text : text.replaceAll("{schema}", schema);
}
