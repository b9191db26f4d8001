import { customType } from "drizzle-orm/sqlite-core";

/**
 * SQLite keeps timestamps as TEXT: `YYYY-MM-DD HH:MM:SS` from datetime('now') (UTC), or RFC 3339
 * from application code. Read both as Date; a value without a zone is UTC, as SQLite means it.
 */
export const sqliteTimestamp = customType<{ data: Date; driverData: string }>({
  dataType: () => "text",
  fromDriver: (value) => parseSqliteTimestamp(value),
  toDriver: (value) => value.toISOString().replace("T", " ").slice(0, 19),
});

export function parseSqliteTimestamp(value: string): Date {
  const text = value.trim();
  const hasZone = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text);
  return new Date(hasZone ? text.replace(" ", "T") : `${text.replace(" ", "T")}Z`);
}
