import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";

let database: TestDatabase;
let configFile: string;

beforeAll(async () => {
  database = await createTestDatabase("operator_cli");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-cli-"));
  configFile = path.join(dir, "switchyard.yaml");
  fs.writeFileSync(configFile, `targets:\n  - id: home\n    url: ${database.url}\n`);
});

afterAll(() => database.drop());

function cli(
  args: string[],
  stdin = "",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/operator.ts", ...args], {
      env: { ...process.env, SWITCHYARD_CONFIG: configFile },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.stdin.end(stdin);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run operator", () => {
  it("adds the first admin on a fresh database (password from stdin), audited as the CLI", async () => {
    const added = await cli(["add", "Alice", "--role", "admin"], "correct horse battery\n");
    expect(added).toMatchObject({ code: 0, stdout: "added alice (admin)\n" });

    const sql = postgres(database.url, { max: 1 });
    const [operator] = await sql`select name, role, password_hash from switchyard.operators`;
    const [audit] = await sql`select actor_kind, action, objects from switchyard.audit_events`;
    await sql.end();
    expect(operator).toMatchObject({ name: "alice", role: "admin" });
    expect(String(operator?.password_hash)).toMatch(/^\$argon2id\$/);
    expect(audit).toMatchObject({
      actor_kind: "cli",
      action: "operators.add",
      objects: { name: "alice" },
    });
  });

  it("lists, changes roles, and refuses to demote or disable the last admin", async () => {
    expect((await cli(["add", "bob", "--role", "viewer"], "bobs-password-1\n")).code).toBe(0);
    expect((await cli(["list"])).stdout).toMatch(/alice\s+admin\s+active\nbob\s+viewer\s+active/);
    expect((await cli(["set-role", "bob", "operator"])).stdout).toBe("bob: viewer → operator\n");

    const demote = await cli(["set-role", "alice", "viewer"]);
    expect(demote.code).toBe(1);
    expect(demote.stderr).toContain('refused: "alice" is the last active admin');
    expect((await cli(["disable", "alice"])).code).toBe(1);
    expect((await cli(["disable", "bob"])).stdout).toBe("bob: operator → operator (disabled)\n");
  });

  it("explains bad usage with exit code 2", async () => {
    const result = await cli(["set-role", "bob", "superuser"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a role (viewer, operator, admin), got "superuser"');
  });
});
