import type { Finding, MigrationFile } from "./model";

/** A version as a sortable string: numbers zero-padded so "10" sorts after "9". */
export function padVersion(version: string): string {
  return version
    .split(/[._]/)
    .map((part) => (/^\d+$/.test(part) ? part.padStart(20, "0") : part))
    .join(".");
}

/** Files that share a version: a tool would run only one of them, or refuse both. */
export function duplicateFindings(files: readonly MigrationFile[]): void {
  const byVersion = new Map<string, MigrationFile[]>();
  for (const file of files) {
    const group = `${file.meta.group ?? ""}|${file.version}`;
    byVersion.set(group, [...(byVersion.get(group) ?? []), file]);
  }
  for (const group of byVersion.values()) {
    if (group.length < 2) continue;
    for (const file of group) {
      const others = group.filter((other) => other !== file).map((other) => other.paths[0]);
      file.findings.push({
        code: "duplicate_version",
        severity: "error",
        provenance: "computed",
        file: file.paths[0],
        message: `version ${file.version} is also used by ${others.join(", ")}`,
      });
    }
  }
}

/** Missing numbers in a numbered sequence (001, 002, 004: 003 is missing). Small numbers only. */
export function gapFindings(files: readonly MigrationFile[], group = ""): Finding[] {
  const numbers = [
    ...new Set(
      files
        .filter((file) => String(file.meta.group ?? "") === group)
        .map((file) => Number(file.version))
        .filter((n) => Number.isSafeInteger(n) && n < 100_000),
    ),
  ].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let i = 1; i < numbers.length; i++) {
    const previous = numbers[i - 1] ?? 0;
    const current = numbers[i] ?? 0;
    for (let n = previous + 1; n < current && missing.length < 50; n++) missing.push(n);
  }
  if (missing.length === 0) return [];
  const where = group ? ` in ${group}/` : "";
  return [
    {
      code: "gap",
      severity: "warning",
      provenance: "computed",
      message: `numbering gap${where}: no file for ${missing.join(", ")}`,
    },
  ];
}
