import type { DetailColumn, DetailIndex } from "@/db/catalog/table-detail";

/**
 * How a table's rows are paged: by its primary key, by another unique index whose columns are
 * all NOT NULL, or, lacking both, by the physical row address (ctid / rowid), which a VACUUM
 * FULL or an UPDATE can change: pages are then labelled unstable. Views have neither.
 */
export type PagingKey =
  | { kind: "columns"; columns: string[]; source: string }
  | { kind: "physical"; name: "ctid" | "rowid" }
  | { kind: "none" };

interface KeySource {
  kind: string;
  engine: "postgres" | "sqlite";
  columns: readonly Pick<DetailColumn, "name" | "nullable">[];
  primaryKey: readonly string[];
  indexes: readonly Pick<DetailIndex, "name" | "columns" | "unique" | "partialOrExpression">[];
  /** SQLite WITHOUT ROWID tables have no rowid (they always have a primary key). */
}

export function choosePagingKey(table: KeySource): PagingKey {
  if (table.primaryKey.length > 0) {
    return { kind: "columns", columns: [...table.primaryKey], source: "primary key" };
  }
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  const unique = table.indexes.find(
    (index) =>
      index.unique &&
      !index.partialOrExpression &&
      index.columns.length > 0 &&
      index.columns.every((column) => notNull.has(column)),
  );
  if (unique) {
    return { kind: "columns", columns: [...unique.columns], source: `unique index ${unique.name}` };
  }
  if (table.kind === "view") return { kind: "none" };
  if (table.engine === "sqlite") return { kind: "physical", name: "rowid" };
  // A partitioned table has no ctid of its own that is unique across partitions.
  if (table.kind === "partitioned table") return { kind: "none" };
  return { kind: "physical", name: "ctid" };
}

export function describePagingKey(key: PagingKey): string {
  if (key.kind === "columns") return `paged by ${key.source} (${key.columns.join(", ")})`;
  if (key.kind === "physical") {
    return `no primary key or unique index: paged by ${key.name}, which is unstable (an UPDATE or VACUUM FULL can move rows between pages)`;
  }
  return "no key to page by: only the first page is shown; filter to narrow it";
}

/** Columns an index can serve an ORDER BY on (its leading column). */
export function sortableColumns(
  indexes: readonly Pick<DetailIndex, "columns" | "partialOrExpression">[],
  key: PagingKey,
): Set<string> {
  const sortable = new Set<string>();
  for (const index of indexes) {
    const first = index.columns[0];
    if (first && !index.partialOrExpression) sortable.add(first);
  }
  if (key.kind === "columns" && key.columns[0]) sortable.add(key.columns[0]);
  return sortable;
}
