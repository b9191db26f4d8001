import type { AnyColumn, Table } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
  json,
  jsonb,
  type PgColumnBuilderBase,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import {
  type SQLiteColumnBuilderBase,
  integer as sqliteInteger,
  sqliteTable,
  text as sqliteText,
} from "drizzle-orm/sqlite-core";
import type { CatalogTable } from "../../catalog/snapshot";
import { sqliteTimestamp } from "../../jobs/sqlite-timestamp";
import { pgTableIn } from "../pg-tables";

/**
 * A Drizzle table built at run time for a table described in configuration, with each column
 * typed from the live catalog so values decode as they would with a hand-written definition.
 * `timestamps` names the columns to read as times even where SQLite declares them TEXT.
 */
export function dynamicTable(
  live: CatalogTable,
  columnNames: readonly string[],
  timestamps: ReadonlySet<string>,
  engine: "postgres" | "sqlite",
): { table: Table; column(name: string): AnyColumn } {
  const unique = [...new Set(columnNames)];
  // NOT NULL as the catalog says: code that must cope with NULL (paging, "no id") asks the column.
  const notNull = <T>(name: string, builder: T): T =>
    live.columns.get(name)?.nullable === false
      ? (builder as unknown as { notNull(): T }).notNull()
      : builder;
  const table =
    engine === "postgres"
      ? pgTableIn(live.schema)(
          live.name,
          Object.fromEntries(
            unique.map((name) => [
              name,
              notNull(name, pgColumn(name, live.columns.get(name)?.type ?? "text")),
            ]),
          ),
        )
      : sqliteTable(
          live.name,
          Object.fromEntries(
            unique.map((name) => [
              name,
              notNull(
                name,
                sqliteColumn(name, live.columns.get(name)?.type ?? "", timestamps.has(name)),
              ),
            ]),
          ),
        );
  const columns = table as unknown as Record<string, AnyColumn>;
  return {
    table,
    column(name) {
      const column = columns[name];
      if (!column) throw new Error(`column ${name} was not declared for ${live.name}`);
      return column;
    },
  };
}

function pgColumn(name: string, type: string): PgColumnBuilderBase {
  if (type.startsWith("timestamp")) {
    return timestamp(name, { withTimezone: type.includes("with time zone"), mode: "date" });
  }
  if (type === "jsonb") return jsonb(name);
  if (type === "json") return json(name);
  if (type === "uuid") return uuid(name);
  if (type === "boolean") return boolean(name);
  if (type === "integer" || type === "smallint") return integer(name);
  if (type === "bigint") return bigint(name, { mode: "number" });
  return text(name);
}

function sqliteColumn(name: string, type: string, isTime: boolean): SQLiteColumnBuilderBase {
  if (isTime) return sqliteTimestamp(name);
  if (/int/i.test(type)) return sqliteInteger(name);
  return sqliteText(name);
}
