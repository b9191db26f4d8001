import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { configFromEnv, parseConfigText } from "./parse-config";

const options = { source: "switchyard.yaml", baseDir: "/srv/switchyard", env: {} };

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, { ...options, env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseConfigText", () => {
  it("reads PostgreSQL and SQLite targets with defaults", () => {
    const config = parseConfigText(
      [
        "targets:",
        "  - id: scheduler",
        "    name: Marie scheduler",
        "    url: postgres://app:secret@db.internal:5432/marie",
        "  - id: orchestrator",
        "    sqlite: data/orchestrator.db",
        "    readOnly: true",
      ].join("\n"),
      options,
    );
    expect(config.homeUrl).toBe("postgres://app:secret@db.internal:5432/marie");
    expect(config.targets).toEqual([
      {
        id: "scheduler",
        name: "Marie scheduler",
        kind: "postgres",
        url: "postgres://app:secret@db.internal:5432/marie",
        readOnly: false,
        statementTimeoutMs: 5000,
        poolSize: 5,
        detect: true,
        systems: {},
        queues: [],
        stuck: { systems: {} },
        bulk: { maxJobs: 50_000, batchSize: 500, pauseMs: 0 },
        migrations: [],
        apply: {
          allowSelfApproval: false,
          lockTimeoutMs: 5000,
          lockRetries: 3,
          statementTimeoutMs: 300000,
        },
        protectedTables: [],
        secretColumns: [],
      },
      {
        id: "orchestrator",
        name: "orchestrator",
        kind: "sqlite",
        file: "/srv/switchyard/data/orchestrator.db",
        readOnly: true,
        statementTimeoutMs: 5000,
        poolSize: 5,
        detect: true,
        systems: {},
        queues: [],
        stuck: { systems: {} },
        bulk: { maxJobs: 50_000, batchSize: 500, pauseMs: 0 },
        migrations: [],
        apply: {
          allowSelfApproval: false,
          lockTimeoutMs: 5000,
          lockRetries: 3,
          statementTimeoutMs: 300000,
        },
        protectedTables: [],
        secretColumns: [],
      },
    ]);
  });

  it("names the file, the line, the key path and the expectation for a wrong URL", () => {
    const text = [
      "targets:",
      "  - { id: a, url: 'postgres://localhost/a' }",
      "  - { id: b, url: 'postgres://localhost/b' }",
      "  - { id: c, url: 'mysql://localhost/c' }",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      "switchyard.yaml:4: targets[2].url: expected a postgres:// URL",
    ]);
  });

  it("reports an unknown key with its full path and its own line", () => {
    expect(problemsOf("targets:\n  - id: a\n    urll: postgres://x/y\n")).toEqual([
      "switchyard.yaml:3: targets[0].urll: unknown key",
      "switchyard.yaml:2: targets[0].url: expected a postgres:// URL (or sqlite: a file path)",
    ]);
    expect(problemsOf("# comment\n\ntarget: []\n")).toContain(
      "switchyard.yaml:3: target: unknown key",
    );
  });

  it("reports wrong types, missing keys and bad ids in operator terms", () => {
    const problems = problemsOf(
      "targets:\n  - id: Bad Id\n    url: postgres://x/y\n    readOnly: 'yes'\n  - url: postgres://x/z\n",
    );
    expect(problems).toEqual([
      "switchyard.yaml:2: targets[0].id: expected lowercase letters, digits, '-' or '_' (at most 63, starting with a letter or digit)",
      'switchyard.yaml:4: targets[0].readOnly: expected true or false, got "yes"',
      // A missing key: the line of the list item that lacks it.
      "switchyard.yaml:5: targets[1].id: is required",
    ]);
  });

  it("rejects a target with both url and sqlite, and duplicate ids", () => {
    const problems = problemsOf(
      "targets:\n  - { id: a, url: 'postgres://x/a', sqlite: a.db }\n  - { id: a, url: 'postgres://x/b' }\n",
    );
    expect(problems).toEqual([
      "switchyard.yaml:2: targets[0].sqlite: give either url (PostgreSQL) or sqlite (a file path), not both",
      'switchyard.yaml:3: targets[1].id: duplicate id "a" (also targets[0])',
    ]);
  });

  it("points at the line and column of a YAML syntax error", () => {
    const [problem] = problemsOf("targets:\n  - id: a\n   url: [unclosed\n");
    expect(problem).toMatch(/^switchyard\.yaml:3:\d+: /);
  });

  it("interpolates ${VAR} and ${VAR:-default} from the environment", () => {
    const config = parseConfigText(
      "home: ${HOME_DB}\ntargets:\n  - id: a\n    url: postgres://u:${PGPASS}@${PGHOST:-localhost}/a\n",
      { ...options, env: { HOME_DB: "postgres://h/home", PGPASS: "p@ss" } },
    );
    expect(config.homeUrl).toBe("postgres://h/home");
    expect(config.targets[0]).toMatchObject({ url: "postgres://u:p@ss@localhost/a" });
  });

  it("reports an unset environment variable at the key that uses it", () => {
    expect(problemsOf("targets:\n  - id: a\n    url: ${MISSING_URL}\n")).toEqual([
      "switchyard.yaml:3: targets[0].url: environment variable MISSING_URL is not set",
    ]);
  });

  it("prefers SWITCHYARD_DATABASE_URL, then home, then the first PostgreSQL target for the home database", () => {
    const text = "targets:\n  - { id: s, sqlite: s.db }\n  - { id: p, url: 'postgres://x/p' }\n";
    expect(parseConfigText(text, options).homeUrl).toBe("postgres://x/p");
    expect(parseConfigText(`home: postgres://x/home\n${text}`, options).homeUrl).toBe(
      "postgres://x/home",
    );
    const env = { SWITCHYARD_DATABASE_URL: "postgres://x/env" };
    expect(parseConfigText(`home: postgres://x/home\n${text}`, { ...options, env }).homeUrl).toBe(
      "postgres://x/env",
    );
  });

  it("refuses a configuration with no PostgreSQL database for the home schema", () => {
    expect(problemsOf("targets:\n  - { id: s, sqlite: s.db }\n")[0]).toMatch(
      /^switchyard\.yaml: home: no PostgreSQL database/,
    );
  });
});

describe("configFromEnv", () => {
  it("turns DATABASE_URL alone into one PostgreSQL target that is also home", () => {
    const config = configFromEnv({ DATABASE_URL: "postgres://u@h/app" });
    expect(config.source).toBe("DATABASE_URL");
    expect(config.homeUrl).toBe("postgres://u@h/app");
    expect(config.targets).toMatchObject([
      { id: "default", kind: "postgres", url: "postgres://u@h/app" },
    ]);
  });

  it("explains what to do when there is neither a file nor DATABASE_URL", () => {
    expect(() => configFromEnv({})).toThrow(/create switchyard\.yaml .* or set DATABASE_URL/);
  });
});
