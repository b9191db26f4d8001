import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { extraPort } from "./support/ports";

/** Runs the production server (`npm start`) with the given config and returns how it ended. */
function startServer(configText: string): Promise<{ code: number | null; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-startup-"));
  const config = path.join(dir, "switchyard.yaml");
  fs.writeFileSync(config, configText);
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(extraPort(7))],
    { env: { ...process.env, SWITCHYARD_CONFIG: config, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stderr });
    });
  });
}

test("the server refuses to start on a bad configuration, naming file, line, key and reason", async () => {
  const { code, stderr } = await startServer(
    [
      "targets:",
      "  - { id: ok, url: 'postgres://localhost/a' }",
      "  - { id: typo, urll: 'postgres://localhost/b' }",
      "  - { id: wrong, url: 'mysql://localhost/c' }",
      "  - { id: gone, sqlite: /nonexistent/tasks.db }",
    ].join("\n"),
  );
  expect(code).toBe(1);
  expect(stderr).toContain("switchyard: invalid configuration");
  expect(stderr).toContain("switchyard.yaml:3: targets[1].urll: unknown key");
  expect(stderr).toContain("switchyard.yaml:4: targets[2].url: expected a postgres:// URL");
  expect(stderr).not.toMatch(/^\s+at /m);
});

test("a missing SQLite file is reported with its key path", async () => {
  const { code, stderr } = await startServer(
    "targets:\n  - { id: ok, url: 'postgres://localhost/a' }\n  - { id: gone, sqlite: /nonexistent/tasks.db }\n",
  );
  expect(code).toBe(1);
  expect(stderr).toContain(
    "switchyard.yaml:3: targets[1].sqlite: file not found: /nonexistent/tasks.db",
  );
});
