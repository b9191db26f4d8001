import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { panelError } from "./panel-error";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("panel_error");
});
afterAll(() => database.drop());

describe("panelError", () => {
  it("turns a statement timeout into an operator's sentence with the limit", async () => {
    const sql = postgres(database.url, { max: 1, connection: { statement_timeout: 100 } });
    const error = await sql`select pg_sleep(2)`.catch((caught: unknown) => caught);
    await sql.end();
    expect(panelError(error, 100)).toEqual({
      code: "timeout",
      message:
        "The query ran past the statement timeout (0.1 s) and was cancelled; the rest of the page is unaffected.",
    });
  });

  it("keeps the driver's code and first line for anything else", async () => {
    const sql = postgres(database.url, { max: 1 });
    const error = await sql`select * from no_such_table`.catch((caught: unknown) => caught);
    await sql.end();
    expect(panelError(error)).toEqual({
      code: "42P01",
      message: '42P01: relation "no_such_table" does not exist',
    });
  });
});
