import { describe, expect, it } from "vitest";
import { parseCheckValues } from "./parse-check";

describe("parseCheckValues", () => {
  it("reads PostgreSQL's printed form of IN (...)", () => {
    const values = parseCheckValues(
      "CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'it''s done'::text])))",
    );
    expect(values.get("status")).toEqual(["pending", "running", "it's done"]);
  });

  it("reads the form written in SQLite DDL, several constraints at once", () => {
    const ddl = `CREATE TABLE t (status TEXT, kind TEXT,
      CHECK (status IN ('pending', 'running')), CHECK (kind IN ('a','b')))`;
    const values = parseCheckValues(ddl);
    expect(values.get("status")).toEqual(["pending", "running"]);
    expect(values.get("kind")).toEqual(["a", "b"]);
  });

  it("ignores checks that are not value lists", () => {
    expect(parseCheckValues("CHECK ((progress >= 0) AND (progress <= 100))").size).toBe(0);
  });
});
