import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "@/lib/config/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { findFreePort } from "../embedded-postgres";
import { closeConnection, connectTarget, type TargetConnection } from "./connect";
import { checkHealth } from "./health";

let database: TestDatabase;
const opened: TargetConnection[] = [];

beforeAll(async () => {
  database = await createTestDatabase("health");
});
afterAll(async () => {
  await Promise.all(opened.map(closeConnection));
  await database.drop();
});

function target(overrides: Partial<TargetConfig> & Pick<TargetConfig, "kind">): TargetConfig {
  return {
    id: "t",
    name: "Target",
    readOnly: false,
    statementTimeoutMs: 2000,
    poolSize: 2,
    ...overrides,
  } as TargetConfig;
}

function open(config: TargetConfig): TargetConnection {
  const connection = connectTarget(config);
  opened.push(connection);
  return connection;
}

describe("checkHealth", () => {
  it("reports a reachable PostgreSQL target with its server version", async () => {
    const config = target({ kind: "postgres", url: database.url });
    const health = await checkHealth(config, open(config));
    expect(health.reachable).toBe(true);
    expect(health.serverVersion).toMatch(/^PostgreSQL \d+/);
    expect(health.error).toBeUndefined();
  });

  it("reports an unreachable PostgreSQL target with the reason and no password", async () => {
    const port = await findFreePort();
    const url = `postgres://someone:hunter2secret@127.0.0.1:${port}/nothing`;
    const config = target({ kind: "postgres", url });
    const health = await checkHealth(config, open(config));
    expect(health.reachable).toBe(false);
    expect(health.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(health)).not.toContain("hunter2secret");
  });

  it("reports a wrong password as unreachable without echoing it", async () => {
    const url = new URL(database.url);
    url.username = "no_such_role_here";
    url.password = "wrong-pass-123";
    const config = target({ kind: "postgres", url: url.toString() });
    const health = await checkHealth(config, open(config));
    expect(health.reachable).toBe(false);
    expect(health.error).toMatch(/no_such_role_here|authentication/);
    expect(JSON.stringify(health)).not.toContain("wrong-pass-123");
  });

  it("reports a SQLite target with its library version", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-health-")), "t.db");
    fs.writeFileSync(file, "");
    const config = target({ kind: "sqlite", file });
    const health = await checkHealth(config, open(config));
    expect(health).toMatchObject({ reachable: true, kind: "sqlite" });
    expect(health.serverVersion).toMatch(/^SQLite 3\./);
  });
});
