import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateHome } from "@/db/migrate-home";
import { closeConnection } from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import type { ReviewContext } from "../reviews/review-context";
import {
  createTable,
  drizzleJournal,
  drizzleMigrate,
  nodePgMigrate,
  nodePgMigrateSql,
} from "../testing/real-tool-fixtures";
import { ADMIN, approvedReview, reviewContext } from "../testing/review-fixture";
import { makeFolder } from "../testing/source-fixture";
import { startApply } from "./apply-review";

/**
 * A review applied from Switchyard, then the tool itself asked to migrate the same folder: it
 * must find nothing left to do (had it run a file, its CREATE TABLE would fail on the table).
 */

let database: TestDatabase;
const contexts: ReviewContext[] = [];

beforeAll(async () => {
  database = await createTestDatabase("apply_real_tools");
  await migrateHome(database.url);
});

afterAll(async () => {
  for (const context of contexts) {
    await closeConnection(context.connection);
    await context.home.sql.end();
  }
  await database.drop();
});

async function applyAll(context: ReviewContext, through: string) {
  const review = await approvedReview(context, through);
  return (await startApply(context, review.id, ADMIN, null)).done;
}

describe("after Switchyard applies a review", () => {
  it("drizzle-orm's migrator has nothing left to run", async () => {
    const folder = makeFolder({
      "0000_a.sql": `${createTable("ad_a")}\n--> statement-breakpoint\nCREATE INDEX ad_a_id ON ad_a (id);`,
      "0001_b.sql": createTable("ad_b"),
      "meta/_journal.json": drizzleJournal([
        [1_700_000_000_000, "0000_a"],
        [1_700_000_100_000, "0001_b"],
      ]),
    });
    const context = reviewContext(database.url, folder, {
      id: "app",
      layout: "drizzle",
      ledger: { kind: "drizzle" },
    });
    contexts.push(context);
    const ended = await applyAll(context, "0001_b");
    expect(ended.state).toBe("applied");
    const rows = async () =>
      (await context.home.sql`select hash from drizzle.__drizzle_migrations order by id`).length;
    expect(await rows()).toBe(2);
    await drizzleMigrate(context.home.sql, folder);
    expect(await rows()).toBe(2);
  });

  it("node-pg-migrate's runner has nothing left to run", async () => {
    const folder = makeFolder({
      "1700000000000_first.sql": nodePgMigrateSql("an_a"),
      "1700000100000_second.sql": nodePgMigrateSql("an_b"),
    });
    const context = reviewContext(database.url, folder, {
      id: "npm",
      layout: "node-pg-migrate",
      ledger: { kind: "node-pg-migrate" },
    });
    contexts.push(context);
    const ended = await applyAll(context, "1700000100000_second");
    expect(ended.state).toBe("applied");
    expect(await nodePgMigrate(database.url, folder)).toEqual([]);
  });
});
