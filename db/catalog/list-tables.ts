import type { TargetConnection } from "../targets/connect";
import { listPostgresTables } from "./postgres-tables";
import { listSqliteTables } from "./sqlite-tables";
import type { TableSummary } from "./table-summary";

export function listTables(connection: TargetConnection): Promise<TableSummary[]> {
  return connection.kind === "postgres"
    ? listPostgresTables(connection)
    : listSqliteTables(connection);
}
