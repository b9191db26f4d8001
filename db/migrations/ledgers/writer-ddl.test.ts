import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import type { LedgerKind } from "@/lib/migrations/model";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { describeTable } from "../testing/describe-table";
import {
  FLYWAY_DDL,
  GOLANG_MIGRATE_DDL,
  PRISMA_DDL,
  SQLX_POSTGRES_DDL,
  SUPABASE_DDL,
} from "../testing/documented-ledgers";
import { TARGET_ID } from "../testing/ledger-writes";
import {
  drizzleJournal,
  drizzleMigrate,
  knexOn,
  nodePgMigrate,
} from "../testing/real-tool-fixtures";
import { makeFolder } from "../testing/source-fixture";
import { LEDGER_WRITERS } from "./ledger-writers";

let database: TestDatabase;
let connection: PostgresConnection;
const empty = makeFolder({ "meta/_journal.json": drizzleJournal([]) });

beforeAll(async () => {
  database = await createTestDatabase("ledger_writer_ddl");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 2 });
  await connection.sql`CREATE SCHEMA ref`;
  await connection.sql`CREATE SCHEMA ours`;
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

/** A tool's own DDL (the statements it runs), run with `ref` first on the search path. */
const documented = (ddl: string) => () =>
  connection.sql.begin(async (tx) => {
    await tx.unsafe("SET LOCAL search_path TO ref");
    await tx.unsafe(ddl);
  });

const rowsOf = async (schema: string, table: string) =>
  (await connection.sql`select * from ${connection.sql(`${schema}.${table}`)}`).map((row) => ({
    ...row,
  }));

interface Case {
  kind: LedgerKind;
  /** Creates the tool's table in `referenceSchema`, by the tool itself or by its documented DDL. */
  reference: () => Promise<unknown>;
  referenceSchema: string;
  /** Where the writer creates its table (a schema it must create itself, for drizzle and Supabase). */
  ourSchema: string;
  tables: string[];
}

const CASES: Case[] = [
  {
    kind: "drizzle",
    reference: () => drizzleMigrate(connection.sql, empty, "ref"),
    referenceSchema: "ref",
    ourSchema: "ours_drizzle",
    tables: ["__drizzle_migrations"],
  },
  {
    kind: "knex",
    reference: async () => {
      const knex = knexOn(database.url, empty, { schemaName: "ref" });
      try {
        await knex.migrate.latest();
      } finally {
        await knex.destroy();
      }
    },
    referenceSchema: "ref",
    ourSchema: "ours",
    tables: ["knex_migrations", "knex_migrations_lock"],
  },
  {
    kind: "node-pg-migrate",
    reference: () => nodePgMigrate(database.url, empty, { migrationsSchema: "ref" }),
    referenceSchema: "ref",
    ourSchema: "ours",
    tables: ["pgmigrations"],
  },
  ...(
    [
      ["sqlx", SQLX_POSTGRES_DDL, "_sqlx_migrations"],
      ["prisma", PRISMA_DDL, "_prisma_migrations"],
      ["flyway", FLYWAY_DDL, "flyway_schema_history"],
      ["golang-migrate", GOLANG_MIGRATE_DDL, "schema_migrations"],
    ] as const
  ).map(([kind, ddl, table]) => ({
    kind,
    reference: documented(ddl),
    referenceSchema: "ref",
    ourSchema: "ours",
    tables: [table],
  })),
  {
    kind: "supabase",
    reference: documented(SUPABASE_DDL),
    referenceSchema: "supabase_migrations",
    ourSchema: "ours_supabase",
    tables: ["schema_migrations"],
  },
];

describe.each(CASES)("$kind's tracking table", (c) => {
  it("is created by the writer exactly as the tool creates it, holding the same rows", async () => {
    await c.reference();
    const [name = ""] = c.tables;
    for (let round = 0; round < 2; round += 1) {
      await connection.sql.begin((tx) =>
        LEDGER_WRITERS[c.kind].ensureTable({
          target: { kind: "postgres", sql: tx },
          home: null,
          targetId: TARGET_ID,
          sourceId: "s",
          table: { schema: c.ourSchema, name },
        }),
      );
    }
    for (const table of c.tables) {
      const reference = await describeTable(connection.sql, c.referenceSchema, table);
      expect(reference?.columns.length).toBeGreaterThan(1);
      expect(await describeTable(connection.sql, c.ourSchema, table)).toEqual(reference);
      // Empty, but for knex's lock table and its one unlocked row.
      expect(await rowsOf(c.ourSchema, table)).toEqual(await rowsOf(c.referenceSchema, table));
    }
  });
});
