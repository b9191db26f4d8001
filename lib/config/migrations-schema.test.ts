import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfigText } from "./parse-config";

const parse = (migrations: string) =>
  parseConfigText(
    `targets:\n  - id: t\n    url: postgres://localhost/t\n    migrations:\n${migrations}`,
    { source: "switchyard.yaml", baseDir: "/etc/switchyard", env: {} },
  );

describe("targets[].migrations", () => {
  it("resolves folders against the config file and picks the layout's ledger", () => {
    const [target] = parse(
      "      - id: sched\n        folder: ./schema\n        layout: numbered\n        schema: marie_scheduler\n        subfolders: { lease: after, dev: never }\n      - id: app\n        folder: drizzle\n        layout: drizzle\n        ledger: { kind: drizzle, table: drizzle.__switchyard_migrations }\n",
    ).targets;
    expect(target?.migrations).toMatchObject([
      {
        id: "sched",
        name: "sched",
        folder: "/etc/switchyard/schema",
        ledger: { kind: "switchyard" },
        subfolders: { lease: "after", dev: "never" },
        readOnly: false,
      },
      { id: "app", ledger: { kind: "drizzle", table: "drizzle.__switchyard_migrations" } },
    ]);
  });

  it("reads idempotent, false unless set", () => {
    const [target] = parse(
      "      - id: a\n        folder: a\n        layout: numbered\n        idempotent: true\n      - id: b\n        folder: b\n        layout: numbered\n",
    ).targets;
    expect(target?.migrations.map((m) => m.idempotent)).toEqual([true, false]);
  });

  it("refuses two sources with one id", () => {
    expect(() =>
      parse(
        "      - { id: x, folder: a, layout: knex }\n      - { id: x, folder: b, layout: knex }\n",
      ),
    ).toThrow('targets[0].migrations[1].id: duplicate migration source id "x"');
  });

  it("names the key path and the expectation", () => {
    try {
      parse(
        "      - id: x\n        folder: m\n        layout: rails\n        subfolders: { dev: sometimes }\n      - id: x\n        folder: n\n        layout: knex\n        ledger: liquibase\n",
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(
        "targets[0].migrations[0].layout: expected one of numbered, timestamped",
      );
      expect(message).toContain("targets[0].migrations[0].subfolders.dev: expected after or never");
      expect(message).toContain(
        "targets[0].migrations[1].ledger: expected one of drizzle, sqlx, prisma, supabase, flyway, knex, node-pg-migrate, golang-migrate, switchyard, or { kind, table }",
      );
    }
  });
});
