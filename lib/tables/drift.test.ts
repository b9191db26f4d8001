import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sqliteTable, text as sqliteText } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import type { DetailColumn } from "@/db/catalog/table-detail";
import { compareDefinition, normaliseType } from "./drift";

const column = (name: string, type: string, nullable: boolean): DetailColumn => ({
  name,
  type,
  baseType: type,
  nullable,
  default: null,
  comment: null,
  identity: null,
  dimensions: 0,
});

describe("compareDefinition", () => {
  it("lists missing, extra, type and nullability differences", () => {
    const definition = pgTable("jobs", {
      id: integer("id").primaryKey(),
      state: text("state").notNull(),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
      gone: text("gone"),
    });
    const drift = compareDefinition(
      definition,
      [
        column("id", "integer", false),
        column("state", "character varying(20)", true),
        column("created_at", "timestamp with time zone", false),
        column("extra", "jsonb", true),
      ],
      "postgres",
    );
    expect(drift.map((entry) => `${entry.column}:${entry.kind}`)).toEqual([
      "state:type",
      "state:nullability",
      "gone:missing column",
      "extra:extra column",
    ]);
  });

  it("compares SQLite columns by affinity", () => {
    const definition = sqliteTable("t", { at: sqliteText("at") });
    expect(compareDefinition(definition, [column("at", "TEXT", true)], "sqlite")).toEqual([]);
  });

  it("spells types one way", () => {
    expect(normaliseType("character varying(20)")).toBe("varchar");
    expect(normaliseType("marie_scheduler.job_state")).toBe("job_state");
  });
});
