import { describe, expect, it } from "vitest";
import { tokenizeSql } from "./sql-tokens";

describe("tokenizeSql", () => {
  it("marks comments, keywords, strings, numbers and placeholders, losslessly", () => {
    const sql = "-- up\nCREATE TABLE {schema}.job (n int DEFAULT 2, s text DEFAULT 'it''s');";
    const tokens = tokenizeSql(sql);
    expect(tokens.map((token) => token.text).join("")).toBe(sql);
    const kinds = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(kinds("comment")).toEqual(["-- up"]);
    expect(kinds("keyword")).toEqual(["CREATE", "TABLE", "int", "DEFAULT", "text", "DEFAULT"]);
    expect(kinds("placeholder")).toEqual(["{schema}"]);
    expect(kinds("number")).toEqual(["2"]);
    expect(kinds("string")).toEqual(["'it''s'"]);
  });

  it("keeps a dollar-quoted body as one string", () => {
    const tokens = tokenizeSql("DO $$ BEGIN -- not a comment\nEND $$;");
    expect(tokens.find((t) => t.kind === "string")?.text).toBe("$$ BEGIN -- not a comment\nEND $$");
  });
});
