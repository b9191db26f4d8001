import { describe, expect, it } from "vitest";
import { supabaseStatements } from "./supabase-statements";

describe("supabaseStatements", () => {
  it("splits on semicolons, trimming each statement and dropping empty ones", () => {
    expect(supabaseStatements("CREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);;\n")).toEqual([
      "CREATE TABLE a (id int)",
      "INSERT INTO a VALUES (1)",
    ]);
  });

  it("keeps semicolons inside strings, quoted names, comments and dollar-quoted bodies", () => {
    const sql = [
      "-- a header; with a semicolon",
      "INSERT INTO \"odd;name\" VALUES ('a;b', 'it''s; fine');",
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;",
      "/* block; comment */ SELECT 1",
    ].join("\n");
    expect(supabaseStatements(sql)).toEqual([
      "-- a header; with a semicolon\nINSERT INTO \"odd;name\" VALUES ('a;b', 'it''s; fine')",
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql",
      "/* block; comment */ SELECT 1",
    ]);
  });

  it("keeps a trailing comment as a statement of its own, as the CLI does", () => {
    expect(supabaseStatements("SELECT 1;\n-- done\n")).toEqual(["SELECT 1", "-- done"]);
    expect(supabaseStatements("  \n")).toEqual([]);
  });
});
