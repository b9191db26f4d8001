/**
 * Where drizzle records Switchyard's own migrations. Not in the `switchyard` schema, because
 * the first migration creates that schema; not in `drizzle.__drizzle_migrations`, because a home
 * database that is also a drizzle-managed target keeps that ledger for its own migrations.
 */
export const HOME_LEDGER = { schema: "drizzle", table: "__switchyard_migrations" } as const;
