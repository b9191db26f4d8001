import { listTables } from "@/db/catalog/list-tables";
import type { TableSizes } from "@/lib/migrations/lint/finding";
import type { TargetConnection } from "../targets/connect";

/**
 * The target's table sizes as a lint lookup. An unqualified name in the SQL matches `defaultSchema`
 * (the source's schema, else public), or the only table of that name.
 */
export async function lintTableSizes(
  connection: TargetConnection,
  defaultSchema = "public",
): Promise<TableSizes> {
  const tables = await listTables(connection);
  return (schema, name) => {
    const named = tables.filter((t) => t.name === name);
    const table =
      named.find((t) => t.schema === (schema ?? defaultSchema)) ??
      (schema === null && named.length === 1 ? named[0] : undefined);
    if (!table || table.rows === null) return undefined;
    return { rows: table.rows, bytes: table.bytes ?? 0 };
  };
}
