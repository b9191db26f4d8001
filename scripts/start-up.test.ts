import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-start-up-"));
// Outside the working directory, the file is named by its full path.
const file = path.join(dir, "broken.yaml");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a command-line entry point on a configuration file and returns how it ended. */
function run(script: string, configText: string) {
  fs.writeFileSync(file, configText);
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: { ...process.env, SWITCHYARD_CONFIG: file, PORT: "0", NEXT_TELEMETRY_DISABLED: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const MALFORMED = [
  "# a config with three mistakes",
  "targets:",
  "  - id: ok",
  "    url: postgres://localhost/a",
  "  - id: typo",
  "    urll: postgres://localhost/b",
  "  - id: wrong",
  "    url: mysql://localhost/c",
  "    poolSize: lots",
].join("\n");

describe("a malformed configuration at start-up", () => {
  for (const script of ["scripts/serve.ts", "scripts/db-migrate.ts"]) {
    it(`stops ${script} with the file, line and key of every problem, and no stack trace`, async () => {
      const { code, stderr } = await run(script, MALFORMED);
      expect(code).toBe(1);
      expect(stderr.split("\n").filter(Boolean)).toEqual([
        "switchyard: invalid configuration",
        `${file}:6: targets[1].urll: unknown key`,
        `${file}:5: targets[1].url: expected a postgres:// URL (or sqlite: a file path)`,
        `${file}:8: targets[2].url: expected a postgres:// URL`,
        `${file}:9: targets[2].poolSize: expected a number, got "lots"`,
      ]);
    });
  }

  it("stops on a YAML syntax error, naming the line and column", async () => {
    const { code, stderr } = await run("scripts/serve.ts", "targets:\n  - id: a\n   url: [x\n");
    expect(code).toBe(1);
    expect(stderr.startsWith(`switchyard: invalid configuration\n${file}:3:1: `)).toBe(true);
  });
});
