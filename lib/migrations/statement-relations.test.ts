import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "./parse-tree";
import { displayRelation, quotedRelation, relationsOf } from "./statement-relations";

beforeAll(() => loadParser());

describe("the tables a statement names", () => {
  it("lists the altered table first, then the ones it references", () => {
    expect(
      relationsOf("alter table app.jobs add column queue_id bigint references queues (id)").map(
        displayRelation,
      ),
    ).toEqual(["app.jobs", "queues"]);
  });

  it("finds the table of DROP TABLE and of an UPDATE … FROM", () => {
    expect(relationsOf("drop table old_jobs").map(displayRelation)).toEqual(["old_jobs"]);
    expect(
      relationsOf("update jobs set state = q.state from queues q where q.id = jobs.queue_id").map(
        displayRelation,
      ),
    ).toEqual(["jobs", "queues"]);
  });

  it("is empty for a statement that does not parse, and quotes names for to_regclass", () => {
    expect(relationsOf("alter tabel jobs")).toEqual([]);
    expect(quotedRelation({ schema: "App", name: 'we"ird' })).toBe('"App"."we""ird"');
    expect(quotedRelation({ schema: null, name: "jobs" })).toBe('"jobs"');
  });
});
