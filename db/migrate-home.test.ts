import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { HOME_LEDGER } from "./home-ledger";
import { migrateHome } from "./migrate-home";

let database: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  database = await createTestDatabase("migrate_home");
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe("migrateHome", () => {
  it("creates the switchyard schema once, even when two instances start together", async () => {
    await Promise.all([migrateHome(database.url), migrateHome(database.url)]);
    await migrateHome(database.url);

    const tables = await sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'switchyard' order by 1`;
    expect(tables.map((row) => row.table_name)).toContain("target_status");

    const ledger = await sql.unsafe(
      `select count(*)::int as n from "${HOME_LEDGER.schema}"."${HOME_LEDGER.table}"`,
    );
    const journal = await import("@/drizzle/meta/_journal.json");
    expect(ledger[0]?.n).toBe(journal.entries.length);
  });
});
