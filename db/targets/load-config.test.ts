import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/config-error";
import { loadConfig } from "./load-config";

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-config-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("reads switchyard.yaml from the working directory and resolves SQLite paths next to it", () => {
    fs.writeFileSync(path.join(dir, "tasks.db"), "");
    write(
      "switchyard.yaml",
      "targets:\n  - { id: a, url: 'postgres://x/a' }\n  - { id: s, sqlite: tasks.db }\n",
    );
    const config = loadConfig({}, dir);
    expect(config.source).toBe("switchyard.yaml");
    expect(config.targets[1]).toMatchObject({ kind: "sqlite", file: path.join(dir, "tasks.db") });
  });

  it("fails on a missing SQLite file with the key path and the resolved file", () => {
    const file = write(
      "missing.yaml",
      "targets:\n  - { id: a, url: 'postgres://x/a' }\n  - { id: s, sqlite: nope.db }\n",
    );
    expect(problemsOf(() => loadConfig({ SWITCHYARD_CONFIG: file }, dir))).toEqual([
      `missing.yaml:3: targets[1].sqlite: file not found: ${path.join(dir, "nope.db")}`,
    ]);
  });

  it("fails clearly when SWITCHYARD_CONFIG names a file that does not exist", () => {
    expect(problemsOf(() => loadConfig({ SWITCHYARD_CONFIG: "/nowhere/sy.yaml" }, dir))).toEqual([
      "/nowhere/sy.yaml: file not found (from SWITCHYARD_CONFIG)",
    ]);
  });

  it("falls back to DATABASE_URL when there is no file", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-empty-"));
    const config = loadConfig({ DATABASE_URL: "postgres://u@h/app" }, empty);
    expect(config.targets).toMatchObject([{ id: "default", url: "postgres://u@h/app" }]);
    fs.rmSync(empty, { recursive: true });
  });
});
