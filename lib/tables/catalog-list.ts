import type { TableSummary } from "@/db/catalog/table-summary";

export const CATALOG_SORTS = ["name", "rows", "size"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export interface CatalogQuery {
  q: string;
  sort: CatalogSort;
  desc: boolean;
}

/** Reads `q` and `sort` (`size`, `-rows`, …) from the URL; unknown sorts fall back to size, largest first. */
export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const raw = params.get("sort") ?? "-size";
  const desc = raw.startsWith("-");
  const name = desc ? raw.slice(1) : raw;
  const sort = (CATALOG_SORTS as readonly string[]).includes(name) ? (name as CatalogSort) : "size";
  return { q: (params.get("q") ?? "").slice(0, 200), sort, desc: sort === name ? desc : true };
}

/** Tables whose `schema.name` contains every word of the search, in the order asked. */
export function searchCatalog<T extends TableSummary>(
  tables: readonly T[],
  query: CatalogQuery,
): T[] {
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  const found = tables.filter((table) => {
    const name = `${table.schema}.${table.name}`.toLowerCase();
    return words.every((word) => name.includes(word));
  });
  const value = (table: T): number | string =>
    query.sort === "name"
      ? `${table.schema}.${table.name}`
      : query.sort === "rows"
        ? (table.rows ?? -1)
        : (table.bytes ?? -1);
  return found.sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order =
      typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return query.desc ? -order : order;
  });
}
