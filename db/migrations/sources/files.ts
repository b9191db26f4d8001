import "server-only";
import fs from "node:fs";
import path from "node:path";

export interface FolderEntry {
  /** Relative to the source folder, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

/** Files directly in `folder` (not in subfolders), sorted by name. */
export function filesIn(folder: string, relative = ""): FolderEntry[] {
  const directory = path.join(folder, relative);
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: relative ? `${relative}/${name}` : name,
      bytes: fs.readFileSync(path.join(directory, name)),
    }));
}

/** Names of the direct subfolders of `folder`, sorted. */
export function subfoldersOf(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export function substituteSchema(text: string, schema: string | undefined): string {
  return schema === undefined ? text : text.replaceAll("{schema}", schema);
}
