import { describe, expect, it } from "vitest";
import { splitSections } from "./sections";

describe("splitSections", () => {
  it("splits the maintenance agent's template, with the commented-out DOWN part", () => {
    const text = `-- Migration: Add retry columns
-- Date: 2025-10-19

-- UP Migration
ALTER TABLE maintenance_tasks_queue
ADD COLUMN retry_count integer DEFAULT 0;

-- DOWN Migration (Rollback)
-- ALTER TABLE maintenance_tasks_queue
-- DROP COLUMN retry_count;
`;
    const sections = splitSections(text);
    expect(sections.hasMarkers).toBe(true);
    expect(sections.up).toBe(
      "ALTER TABLE maintenance_tasks_queue\nADD COLUMN retry_count integer DEFAULT 0;",
    );
    expect(sections.down).toBe(
      "-- ALTER TABLE maintenance_tasks_queue\n-- DROP COLUMN retry_count;",
    );
    expect(sections.downUncommented).toBe(
      "ALTER TABLE maintenance_tasks_queue\nDROP COLUMN retry_count;",
    );
  });

  it("keeps a file without markers whole", () => {
    expect(splitSections("select 1;")).toEqual({
      up: "select 1;",
      down: null,
      downUncommented: null,
      hasMarkers: false,
    });
  });

  it("leaves an executable DOWN part as it is", () => {
    const sections = splitSections("-- UP\ncreate table a (id int);\n-- DOWN\ndrop table a;\n");
    expect(sections.down).toBe("drop table a;");
    expect(sections.downUncommented).toBeNull();
  });
});
