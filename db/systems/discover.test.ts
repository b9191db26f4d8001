import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { closeConnection, connectPostgres, type PostgresConnection } from "../targets/connect";
import { discoverSystems } from "./discover";
import { readSql } from "./fixture";

let database: TestDatabase;
let connection: PostgresConnection;

beforeAll(async () => {
  database = await createTestDatabase("discover");
  connection = connectPostgres(database.url, { statementTimeoutMs: 5000, poolSize: 2 });
  await connection.sql.unsafe(
    readSql(new URL("./coach-artie/fixture/", import.meta.url).href, "schema.sql"),
  );
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

const systemsOf = (overrides: Parameters<typeof testTarget>[1]) =>
  discoverSystems(testTarget({ url: database.url }, overrides), connection);

describe("discoverSystems with configuration overrides", () => {
  it("detects what is there and says why the others are not", async () => {
    const systems = await systemsOf({});
    expect(systems.instances.map((instance) => instance.system)).toEqual(["coach-artie"]);
    expect(systems.absent.find((absent) => absent.system === "marie")?.reason).toMatch(
      /no table named job/,
    );
    expect(systems.problems).toEqual([]);
  });

  it("leaves out a system disabled in the configuration, and says so", async () => {
    const systems = await systemsOf({ systems: { "coach-artie": false } });
    expect(systems.instances).toEqual([]);
    expect(systems.absent).toContainEqual({
      system: "coach-artie",
      name: "Coach Artie",
      reason: "disabled in the configuration",
      configured: true,
    });
  });

  it("reports a forced system that is not where the configuration says", async () => {
    const systems = await systemsOf({
      detect: false,
      systems: { "coach-artie": { schema: "elsewhere" } },
    });
    expect(systems.instances).toEqual([]);
    expect(systems.problems).toEqual([
      "systems.coach-artie: configured, but no table named queue in schema elsewhere",
    ]);
  });

  it("with detection off, finds only what is forced", async () => {
    expect((await systemsOf({ detect: false })).instances).toEqual([]);
    const forced = await systemsOf({
      detect: false,
      systems: { "coach-artie": { schema: "public" } },
    });
    expect(forced.instances.map((instance) => instance.system)).toEqual(["coach-artie"]);
  });

  it("names an unknown system id in the configuration as a problem", async () => {
    const systems = await systemsOf({ systems: { sidekiq: false } });
    expect(systems.problems).toContain("systems.sidekiq: no built-in system has this id");
  });
});
