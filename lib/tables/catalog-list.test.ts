import { describe, expect, it } from "vitest";
import type { TableSummary } from "@/db/catalog/table-summary";
import { parseCatalogQuery, searchCatalog } from "./catalog-list";

const table = (name: string, rows: number | null, bytes: number | null): TableSummary => ({
  schema: "public",
  name,
  kind: "table",
  rows,
  rowsAccuracy: "exact",
  bytes,
});
const tables = [table("jobs", 10, 500), table("job_history", 300, 100), table("queue", 2, 9000)];

describe("catalog search and sort", () => {
  it("defaults to size, largest first", () => {
    const query = parseCatalogQuery(new URLSearchParams());
    expect(searchCatalog(tables, query).map((t) => t.name)).toEqual([
      "queue",
      "jobs",
      "job_history",
    ]);
  });

  it("searches by words and sorts by rows either way", () => {
    const query = parseCatalogQuery(new URLSearchParams("q=public job&sort=rows"));
    expect(searchCatalog(tables, query).map((t) => t.name)).toEqual(["jobs", "job_history"]);
    const desc = parseCatalogQuery(new URLSearchParams("sort=-rows"));
    expect(searchCatalog(tables, desc).map((t) => t.name)).toEqual([
      "job_history",
      "jobs",
      "queue",
    ]);
  });

  it("ignores an unknown sort", () => {
    expect(parseCatalogQuery(new URLSearchParams("sort=drop"))).toMatchObject({
      sort: "size",
      desc: true,
    });
  });
});
