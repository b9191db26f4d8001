import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  generateDrizzleJson,
  generateMigration,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from "drizzle-kit/api";
import { afterAll, describe, expect, it } from "vitest";
import { listTables } from "@/db/catalog/list-tables";
import { readTableDetail, type TableDetail } from "@/db/catalog/table-detail";
import { DEMO_FIXTURES } from "@/db/systems/demo-fixtures";
import {
  closeConnection,
  connectPostgres,
  connectSqlite,
  type TargetConnection,
} from "@/db/targets/connect";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { exportDrizzle } from "./drizzle-export";

const OUT = path.resolve(import.meta.dirname, "../../.tmp-drizzle-export");
const databases: TestDatabase[] = [];
const connections: TargetConnection[] = [];

async function connect(engine: "postgres" | "sqlite", label: string): Promise<TargetConnection> {
  let connection: TargetConnection;
  if (engine === "postgres") {
    const database = await createTestDatabase(label);
    databases.push(database);
    connection = connectPostgres(database.url, { statementTimeoutMs: 20_000, poolSize: 2 });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-export-"));
    connection = connectSqlite(path.join(dir, `${label}.db`), 5000);
  }
  connections.push(connection);
  return connection;
}

async function details(connection: TargetConnection): Promise<TableDetail[]> {
  const tables = (await listTables(connection)).filter(
    (table) => table.kind === "table" || table.kind === "partitioned table",
  );
  const read = await Promise.all(
    tables.map((table) => readTableDetail(connection, table.schema, table.name)),
  );
  return read.filter((detail): detail is TableDetail => detail !== null);
}

/** What the catalog must report the same for the original and the pushed table. */
function shape(detail: TableDetail) {
  return {
    table: `${detail.schema}.${detail.name}`,
    columns: detail.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      default: c.default,
      identity: c.identity,
    })),
    primaryKey: detail.primaryKey,
    indexes: detail.indexes
      .filter((index) => !index.partialOrExpression && !index.primary)
      .map((index) => ({
        columns: index.columns,
        unique: index.unique,
        ...(index.name.startsWith("sqlite_autoindex") ? {} : { name: index.name }),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    references: detail.references
      .map((key) => ({
        columns: key.columns,
        refTable: `${key.refSchema}.${key.refTable}`,
        refColumns: key.refColumns,
        onDelete: key.onDelete,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    checks: detail.constraints
      .filter((c) => c.kind === "check")
      .map((c) => c.definition.replace(/\s+/g, " "))
      .sort(),
  };
}

afterAll(async () => {
  for (const connection of connections) await closeConnection(connection);
  for (const database of databases) await database.drop();
});

describe("Drizzle export of every demo system", () => {
  const files: string[] = [];

  for (const fixture of DEMO_FIXTURES) {
    it(`${fixture.system}: recreates tables the catalog reports identical`, async () => {
      const original = await connect(fixture.kind, `exp_${fixture.system}`);
      await fixture.load(original);
      const live = await details(original);
      expect(live.length).toBeGreaterThan(0);
      const code = exportDrizzle(live, fixture.kind);
      fs.mkdirSync(OUT, { recursive: true });
      const file = path.join(OUT, `${fixture.system}.ts`);
      fs.writeFileSync(file, code);
      files.push(file);

      const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const pushed = await connect(fixture.kind, `push_${fixture.system}`);
      let statements: string[];
      if (fixture.kind === "postgres") {
        const empty = generateDrizzleJson({});
        statements = await generateMigration(empty, generateDrizzleJson(module));
      } else {
        const empty = await generateSQLiteDrizzleJson({});
        statements = await generateSQLiteMigration(empty, await generateSQLiteDrizzleJson(module));
      }
      for (const statement of statements) {
        if (pushed.kind === "postgres") await pushed.sql.unsafe(statement);
        else await pushed.client.execute(statement);
      }
      const recreated = await details(pushed);
      const byName = (list: TableDetail[]) =>
        list.map(shape).sort((a, b) => a.table.localeCompare(b.table));
      expect(byName(recreated)).toEqual(byName(live));
    });
  }

  it("the exported TypeScript compiles under strict settings", () => {
    expect(files.length).toBe(DEMO_FIXTURES.length);
    const tsc = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsc");
    const output = (() => {
      try {
        execFileSync(
          tsc,
          [
            "--noEmit",
            "--ignoreConfig",
            "--strict",
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
            ...files,
          ],
          { encoding: "utf8" },
        );
        return "";
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(output).toBe("");
  });
});
