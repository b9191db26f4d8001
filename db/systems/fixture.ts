import fs from "node:fs";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import type { Layout } from "@/lib/migrations/model";
import type { PostgresConnection, SqliteConnection, TargetConnection } from "../targets/connect";

/**
 * A demo system: its schema written from the seed document, realistic data with a handful of
 * stuck tasks, and a simulator step that keeps it alive. Used by `npm run demo`, e2e and tests.
 */
export interface SystemFixture {
  /** The system id used everywhere (URLs, API, config): marie, coach-artie, ... */
  system: string;
  kind: TargetConnection["kind"];
  /** Display name of the demo target. */
  name: string;
  /** PostgreSQL database name, or SQLite file name, that the demo creates for this system. */
  demoDatabase: string;
  /** Queue tables the demo describes in its config for this target (the generic adapter). */
  queues?: readonly QueueTableConfig[];
  /** Migration folders the demo configures for this target (`migrations:` in switchyard.yaml). */
  migrations?: readonly DemoMigrationSource[];
  /** Creates the schema and fills it with demo data (including stuck tasks). Run on an empty database. */
  load(connection: TargetConnection, options?: FixtureOptions): Promise<void>;
  /** One step of simulated traffic through the system's own columns: enqueue, claim, finish, fail, abandon. */
  tick(connection: TargetConnection, options?: FixtureOptions): Promise<void>;
}

export interface FixtureOptions {
  /** Schema name for systems whose schema is configurable (the scheduler's `{schema}`). */
  schema?: string;
}

/** Reads a SQL file that sits next to the calling module, substituting `{schema}` when given. */
export function readSql(moduleUrl: string, file: string, schema?: string): string {
  const text = fs.readFileSync(new URL(file, moduleUrl), "utf8");
  return schema === undefined ? text : text.replaceAll("{schema}", schema);
}

/** Runs a multi-statement SQL script (simple query protocol on PostgreSQL, executeMultiple on SQLite). */
export async function runScript(connection: TargetConnection, script: string): Promise<void> {
  if (connection.kind === "postgres") await connection.sql.unsafe(script);
  else await connection.client.executeMultiple(script);
}

/** Narrows a connection for a fixture that exists on one engine only. */
export function requirePostgres(connection: TargetConnection, system: string): PostgresConnection {
  if (connection.kind !== "postgres")
    throw new Error(`the ${system} fixture runs on PostgreSQL only`);
  return connection;
}

export function requireSqlite(connection: TargetConnection, system: string): SqliteConnection {
  if (connection.kind !== "sqlite") throw new Error(`the ${system} fixture runs on SQLite only`);
  return connection;
}

/** A demo migration source, and what Switchyard's own ledger says about it in the demo. */
export interface DemoMigrationSource {
  id: string;
  name: string;
  folder: URL;
  layout: Layout;
  schema?: string;
  subfolders?: Record<string, "after" | "never">;
  readOnly?: boolean;
  sequenceInVersion?: boolean;
  installMarker?: string;
  /** Migration ids the demo records as applied in Switchyard's ledger (systems without one). */
  adopted?: readonly string[];
  /** A migration whose file changed after it was applied: the text it had then (drift). */
  appliedText?: Record<string, string>;
}
