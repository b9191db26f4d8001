import { describe, expect, it } from "vitest";
import { type CatalogEntry, catalogSnapshot, diffCatalog, sameCatalog } from "./catalog-diff";

const table = (name: string, facts: CatalogEntry["facts"] = {}): CatalogEntry => ({
  kind: "table",
  name,
  parent: null,
  facts: { owner: "app", storage: "16384", ...facts },
});

const column = (name: string, facts: CatalogEntry["facts"]): CatalogEntry => ({
  kind: "column",
  name,
  parent: `table ${name.split(".").slice(0, 2).join(".")}`,
  facts: { type: "integer", notNull: false, default: null, ...facts },
});

const jobs = [
  table("public.jobs"),
  column("public.jobs.id", { type: "bigint", notNull: true }),
  column("public.jobs.attempts", {}),
];

describe("diffing catalog snapshots", () => {
  it("folds a created table's columns, indexes and constraints into the table", () => {
    const after = catalogSnapshot([
      ...jobs,
      { kind: "index", name: "public.jobs_pkey", parent: "table public.jobs", facts: {} },
    ]);
    expect(diffCatalog(catalogSnapshot([]), after)).toEqual([
      {
        kind: "table",
        name: "public.jobs",
        change: "created",
        detail: "id bigint NOT NULL, attempts integer",
      },
    ]);
    expect(diffCatalog(after, catalogSnapshot([]))).toEqual([
      { kind: "table", name: "public.jobs", change: "dropped" },
    ]);
  });

  it("describes altered columns: type, NOT NULL and default", () => {
    const after = catalogSnapshot([
      table("public.jobs", { storage: "16390" }),
      column("public.jobs.id", { type: "bigint", notNull: true }),
      column("public.jobs.attempts", { type: "bigint", notNull: true, default: "0" }),
      column("public.jobs.note", { type: "text" }),
    ]);
    expect(diffCatalog(catalogSnapshot(jobs), after)).toEqual([
      { kind: "column", name: "public.jobs.note", change: "created" },
      {
        kind: "table",
        name: "public.jobs",
        change: "altered",
        detail: "storage rewritten",
      },
      {
        kind: "column",
        name: "public.jobs.attempts",
        change: "altered",
        detail: "type integer → bigint; NOT NULL added; default 0 set",
      },
    ]);
  });

  it("names enum values added and removed, and a body change without a readable fact", () => {
    const type = (labels: string[]): CatalogEntry => ({
      kind: "type",
      name: "public.job_state",
      parent: null,
      facts: { typtype: "e", labels },
    });
    const fn = (body: string, returns = "integer"): CatalogEntry => ({
      kind: "function",
      name: "public.f()",
      parent: null,
      facts: { returns, body, definition: `d-${body}` },
    });
    expect(
      diffCatalog(
        catalogSnapshot([type(["waiting", "done"]), fn("a")]),
        catalogSnapshot([type(["waiting", "paused", "done"]), fn("b")]),
      ),
    ).toEqual([
      {
        kind: "type",
        name: "public.job_state",
        change: "altered",
        detail: "enum value 'paused' added",
      },
      { kind: "function", name: "public.f()", change: "altered", detail: "body changed" },
    ]);
    expect(diffCatalog(catalogSnapshot([fn("a")]), catalogSnapshot([fn("b", "bigint")]))).toEqual([
      {
        kind: "function",
        name: "public.f()",
        change: "altered",
        detail: "returns integer → bigint",
      },
    ]);
  });

  it("leaves out a definition change of a parent whose child already says what changed", () => {
    const sqliteTable = (sql: string): CatalogEntry => ({
      kind: "table",
      name: "jobs",
      parent: null,
      facts: { definition: sql },
    });
    const before = catalogSnapshot([sqliteTable("CREATE TABLE jobs (id INTEGER)")]);
    const after = catalogSnapshot([
      sqliteTable("CREATE TABLE jobs (id INTEGER, note TEXT)"),
      { kind: "column", name: "jobs.note", parent: "table jobs", facts: { type: "TEXT" } },
    ]);
    expect(diffCatalog(before, after)).toEqual([
      { kind: "column", name: "jobs.note", change: "created" },
    ]);
  });

  it("tells identical catalogs from different ones", () => {
    expect(sameCatalog(catalogSnapshot(jobs), catalogSnapshot([...jobs]))).toBe(true);
    expect(sameCatalog(catalogSnapshot(jobs), catalogSnapshot(jobs.slice(0, 2)))).toBe(false);
    const renamed = [table("public.jobs"), column("public.jobs.id", { type: "integer" }), jobs[2]];
    expect(sameCatalog(catalogSnapshot(jobs), catalogSnapshot(renamed as CatalogEntry[]))).toBe(
      false,
    );
  });
});
