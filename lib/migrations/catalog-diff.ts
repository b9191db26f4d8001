import type { CatalogChange, CatalogObjectKind } from "./run-model";

export type CatalogFact = string | number | boolean | string[] | null;

/** One user-visible catalog object and the facts a change to it would alter. */
export interface CatalogEntry {
  kind: CatalogObjectKind;
  /** Qualified name: `schema.table`, `schema.table.column`, `schema.function(args)`… */
  name: string;
  /** Key of the object it belongs to (a column's, index's, constraint's, trigger's table). */
  parent: string | null;
  facts: Record<string, CatalogFact>;
}

/** A catalog at one moment: entries by key, in the order the database listed them. */
export type CatalogSnapshot = Map<string, CatalogEntry>;

export const entryKey = (kind: CatalogObjectKind, name: string) => `${kind} ${name}`;

export function catalogSnapshot(entries: CatalogEntry[]): CatalogSnapshot {
  return new Map(entries.map((entry) => [entryKey(entry.kind, entry.name), entry]));
}

/**
 * Facts that only fingerprint a definition (a hash, a storage id): reported as "definition
 * changed" (or "table rewritten"), and only when no readable fact of the object changed.
 */
const FINGERPRINTS: Record<string, string> = {
  definition: "definition changed",
  fingerprint: "definition changed",
  body: "body changed",
  storage: "storage rewritten",
};

const same = (a: CatalogFact | undefined, b: CatalogFact | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const show = (value: CatalogFact | undefined) =>
  Array.isArray(value) ? value.join(", ") : String(value ?? "none");

const quoted = (values: string[]) => values.map((v) => `'${v}'`).join(", ");

/** "type integer → bigint", "NOT NULL added", "enum value 'paused' added"… */
function describeFact(name: string, before: CatalogFact, after: CatalogFact): string {
  switch (name) {
    case "notNull":
      return after ? "NOT NULL added" : "NOT NULL dropped";
    case "default":
      if (before === null) return `default ${show(after)} set`;
      if (after === null) return `default ${show(before)} dropped`;
      return `default ${show(before)} → ${show(after)}`;
    case "validated":
      return after ? "validated" : "no longer validated";
    case "valid":
      return after ? "now valid" : "now invalid";
    case "unique":
      return after ? "now unique" : "no longer unique";
    case "labels": {
      const was = (before as string[] | null) ?? [];
      const now = (after as string[] | null) ?? [];
      const added = now.filter((v) => !was.includes(v));
      const removed = was.filter((v) => !now.includes(v));
      const parts = [
        added.length ? `enum value${added.length > 1 ? "s" : ""} ${quoted(added)} added` : "",
        removed.length
          ? `enum value${removed.length > 1 ? "s" : ""} ${quoted(removed)} removed`
          : "",
      ].filter(Boolean);
      return parts.length ? parts.join("; ") : "enum values reordered";
    }
    default: {
      const label = name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
      return `${label} ${show(before)} → ${show(after)}`;
    }
  }
}

function alteredDetail(before: CatalogEntry, after: CatalogEntry): string | null {
  const names = [...new Set([...Object.keys(before.facts), ...Object.keys(after.facts)])];
  const changed = names.filter((n) => !same(before.facts[n], after.facts[n]));
  if (changed.length === 0) return null;
  const readable = changed.filter((n) => !(n in FINGERPRINTS));
  if (readable.length) {
    return readable
      .map((n) => describeFact(n, before.facts[n] ?? null, after.facts[n] ?? null))
      .join("; ");
  }
  // A changed body changes the whole definition too: say the more precise one.
  const fingerprints = changed.filter((n) => n !== "definition" || !changed.includes("body"));
  return [...new Set(fingerprints.map((n) => FINGERPRINTS[n] ?? n))].join("; ");
}

/** "id bigint NOT NULL, note text (+2 more)" for a created table. */
function childSummary(key: string, snapshot: CatalogSnapshot): string | undefined {
  const columns = [...snapshot.values()].filter((e) => e.parent === key && e.kind === "column");
  if (columns.length === 0) return undefined;
  const shown = columns.slice(0, 6).map((column) => {
    const name = column.name.split(".").at(-1);
    return `${name} ${column.facts.type ?? ""}${column.facts.notNull ? " NOT NULL" : ""}`.trim();
  });
  const more = columns.length > shown.length ? ` (+${columns.length - shown.length} more)` : "";
  return `${shown.join(", ")}${more}`;
}

/**
 * What changed between two snapshots: objects created, dropped or altered (with what changed).
 * The columns, indexes, constraints and triggers of a table created or dropped in the same step
 * are folded into that table's entry.
 */
export function diffCatalog(before: CatalogSnapshot, after: CatalogSnapshot): CatalogChange[] {
  const created = [...after.keys()].filter((key) => !before.has(key));
  const dropped = [...before.keys()].filter((key) => !after.has(key));
  const createdSet = new Set(created);
  const droppedSet = new Set(dropped);
  const changes: CatalogChange[] = [];
  const changedParents = new Set<string>();
  for (const key of created) {
    const entry = after.get(key) as CatalogEntry;
    if (entry.parent && createdSet.has(entry.parent)) continue;
    if (entry.parent) changedParents.add(entry.parent);
    const detail = childSummary(key, after);
    changes.push({
      kind: entry.kind,
      name: entry.name,
      change: "created",
      ...(detail ? { detail } : {}),
    });
  }
  for (const key of dropped) {
    const entry = before.get(key) as CatalogEntry;
    if (entry.parent && droppedSet.has(entry.parent)) continue;
    if (entry.parent) changedParents.add(entry.parent);
    changes.push({ kind: entry.kind, name: entry.name, change: "dropped" });
  }
  const altered: [string, CatalogEntry, string][] = [];
  for (const [key, entry] of after) {
    const previous = before.get(key);
    const detail = previous ? alteredDetail(previous, entry) : null;
    if (!previous || detail === null) continue;
    altered.push([key, entry, detail]);
    if (entry.parent) changedParents.add(entry.parent);
  }
  for (const [key, entry, detail] of altered) {
    // SQLite rewrites a table's CREATE text when a column is added: the column says it better.
    if (detail === "definition changed" && changedParents.has(key)) continue;
    changes.push({ kind: entry.kind, name: entry.name, change: "altered", detail });
  }
  return changes;
}

/** True when both snapshots hold the same objects with the same facts. */
export function sameCatalog(a: CatalogSnapshot, b: CatalogSnapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [key, entry] of a) {
    const other = b.get(key);
    if (!other || alteredDetail(entry, other) !== null) return false;
  }
  return true;
}
