import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { HOME_LEDGER } from "./home-ledger";

/** Arbitrary but fixed: the advisory lock that serialises migrations of the home schema. */
const MIGRATION_LOCK_KEY = 0x5317_4a8d;

/**
 * Applies drizzle/ to the home database. Holds a session advisory lock on a single
 * connection, so app instances starting together migrate one after the other.
 */
export async function migrateHome(homeUrl: string, folder = path.join(process.cwd(), "drizzle")) {
  const sql = postgres(homeUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(sql), {
      migrationsFolder: folder,
      migrationsSchema: HOME_LEDGER.schema,
      migrationsTable: HOME_LEDGER.table,
    });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
