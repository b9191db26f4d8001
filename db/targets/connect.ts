import { type Client, createClient } from "@libsql/client";
import { drizzle as drizzleSqlite, type LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { TargetConfig } from "@/lib/config/schema";

export interface PostgresConnection {
  kind: "postgres";
  sql: postgres.Sql;
  db: PostgresJsDatabase;
}

export interface SqliteConnection {
  kind: "sqlite";
  client: Client;
  db: LibSQLDatabase;
}

export type TargetConnection = PostgresConnection | SqliteConnection;

interface PostgresOptions {
  statementTimeoutMs: number;
  poolSize: number;
  applicationName?: string;
}

/** A pooled postgres.js client whose every session runs under statement_timeout. */
export function connectPostgres(url: string, options: PostgresOptions): PostgresConnection {
  const sql = postgres(url, {
    max: options.poolSize,
    idle_timeout: 30,
    connect_timeout: 5,
    max_lifetime: 30 * 60,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "switchyard",
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: 60_000,
      // Console queries are short; JIT compilation of their plans costs more than it saves
      // (a correlated refinement once added 2 s to a 27 ms count).
      jit: "off",
    },
  });
  return { kind: "postgres", sql, db: drizzlePostgres(sql) };
}

/** A SQLite client; busy_timeout bounds how long a read waits behind a writer. */
export function connectSqlite(file: string, busyTimeoutMs: number): SqliteConnection {
  const client = createClient({ url: `file:${file}`, timeout: busyTimeoutMs, concurrency: 4 });
  return { kind: "sqlite", client, db: drizzleSqlite(client) };
}

export function connectTarget(target: TargetConfig, applicationName?: string): TargetConnection {
  return target.kind === "postgres"
    ? connectPostgres(target.url, { ...target, applicationName })
    : connectSqlite(target.file, target.statementTimeoutMs);
}

export async function closeConnection(connection: TargetConnection): Promise<void> {
  if (connection.kind === "postgres") await connection.sql.end({ timeout: 2 });
  else connection.client.close();
}
