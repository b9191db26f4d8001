import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import * as schema from "./schema";
import { connectPostgres } from "./targets/connect";

export interface HomeDatabase {
  sql: postgres.Sql;
  db: PostgresJsDatabase<typeof schema>;
}

/** Sessions of one app instance on the home database, at most. */
export const HOME_POOL_SIZE = 10;

/** A client of the home database; the app keeps one (db/index.ts), scripts make their own. */
export function connectHome(
  url: string,
  poolSize = HOME_POOL_SIZE,
  applicationName = "switchyard-home",
): HomeDatabase {
  const { sql } = connectPostgres(url, { statementTimeoutMs: 15_000, poolSize, applicationName });
  return { sql, db: drizzle(sql, { schema }) };
}
