import { beforeAll, describe, expect, it } from "vitest";
import { createdObjects, loadParser } from "./created-objects";

beforeAll(() => loadParser());

describe("createdObjects", () => {
  it("lists tables, columns, indexes, functions, types, views and schemas", () => {
    const { objects, notes } = createdObjects(`
      CREATE SCHEMA IF NOT EXISTS s;
      CREATE TYPE s.state AS ENUM ('a', 'b');
      CREATE TABLE IF NOT EXISTS s.t (id int PRIMARY KEY, b text);
      ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, ADD COLUMN d int;
      CREATE INDEX IF NOT EXISTS t_b_idx ON s.t (b);
      CREATE OR REPLACE FUNCTION s.f() RETURNS int AS $$ select 1 $$ LANGUAGE sql;
      CREATE VIEW v AS SELECT 1;
      INSERT INTO s.t VALUES (1, 'x');`);
    expect(notes).toEqual([]);
    expect(objects).toEqual([
      { kind: "schema", schema: null, name: "s" },
      { kind: "type", schema: "s", name: "state" },
      { kind: "table", schema: "s", name: "t" },
      { kind: "column", schema: "s", name: "id", table: "t" },
      { kind: "column", schema: "s", name: "b", table: "t" },
      { kind: "column", schema: null, name: "c", table: "t" },
      { kind: "column", schema: null, name: "d", table: "t" },
      { kind: "index", schema: "s", name: "t_b_idx", table: "t" },
      { kind: "function", schema: "s", name: "f" },
      { kind: "view", schema: null, name: "v" },
    ]);
  });

  it("reads the statements inside idempotent DO blocks", () => {
    const { objects } = createdObjects(`
      DO $$ BEGIN
        ALTER TABLE jobs ADD COLUMN required_models jsonb;
      EXCEPTION WHEN duplicate_column THEN NULL;
      END $$;
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'q') THEN
          CREATE TABLE q (a int);
        END IF;
      END $$;`);
    expect(objects).toEqual([
      { kind: "column", schema: null, name: "required_models", table: "jobs" },
      { kind: "table", schema: null, name: "q" },
      { kind: "column", schema: null, name: "a", table: "q" },
    ]);
  });

  it("notes SQL it cannot parse instead of throwing", () => {
    const { objects, notes } = createdObjects("CREATE TABLE {schema}.job (id int);");
    expect(objects).toEqual([]);
    expect(notes[0]).toMatch(/could not parse/);
  });
});
