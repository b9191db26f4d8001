import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import type { ProtectedTable } from "@/lib/config/tables-schema";
import { type CatalogQuery, searchCatalog } from "@/lib/tables/catalog-list";
import { compareDefinition, type Drift } from "@/lib/tables/drift";
import { exportDrizzle } from "@/lib/tables/drizzle-export";
import { describePagingKey, type PagingKey, sortableColumns } from "@/lib/tables/paging-key";
import { cached } from "../cache";
import { listTables } from "../catalog/list-tables";
import type { TableDetail } from "../catalog/table-detail";
import type { TableSummary } from "../catalog/table-summary";
import { connectionFor } from "../targets/registry";
import { findTargetOrThrow, type OpenTable, openTable, protectionOf } from "./open-table";
import { definitionColumns, tableKey, tableOwnership } from "./table-ownership";

export interface CatalogEntry extends TableSummary {
  protection: ProtectedTable | null;
  system: string | null;
}

export interface CatalogView {
  target: TargetConfig;
  tables: CatalogEntry[];
  total: number;
}

/** The target's relations, searched and sorted as the URL says, with ownership and protection. */
export async function getCatalogView(targetId: string, query: CatalogQuery): Promise<CatalogView> {
  const target = findTargetOrThrow(targetId);
  const [tables, owned] = await Promise.all([
    cached(`catalog:${target.id}`, 10_000, () => listTables(connectionFor(target))),
    tableOwnership(target),
  ]);
  const entries = tables.map((table) => ({
    ...table,
    protection: protectionOf(target, table.schema, table.name),
    system: owned.get(`${table.schema}.${table.name}`)?.systemName ?? null,
  }));
  return { target, tables: searchCatalog(entries, query), total: tables.length };
}

export interface SystemDefinition {
  /** `schema.table` of the definition, the same as the live table. */
  name: string;
  columns: string[];
  drift: Drift[];
}

export interface TableView {
  table: OpenTable;
  detail: TableDetail;
  key: PagingKey;
  keyDescription: string;
  sortable: string[];
  ownership: {
    system: string;
    systemName: string;
    usedAs: string[];
    roles: Record<string, string[]>;
    definitions: SystemDefinition[];
  } | null;
}

/** One table's page: its catalog description, what Switchyard's systems make of it, and drift. */
export async function getTableView(targetId: string, tableParam: string): Promise<TableView> {
  const table = await openTable(targetId, tableParam);
  const owned = (await tableOwnership(table.target)).get(
    `${table.detail.schema}.${table.detail.name}`,
  );
  return {
    table,
    detail: table.detail,
    key: table.key,
    keyDescription: describePagingKey(table.key),
    sortable: [...sortableColumns(table.detail.indexes, table.key)],
    ownership: owned
      ? {
          system: owned.system,
          systemName: owned.systemName,
          usedAs: owned.usedAs,
          roles: owned.roles,
          definitions: owned.definitions.map((definition) => ({
            name: tableKey(definition, table.connection.kind),
            columns: definitionColumns(definition),
            drift: compareDefinition(definition, table.detail.columns, table.connection.kind),
          })),
        }
      : null,
  };
}

/** The Drizzle TypeScript for one live table. */
export async function getDrizzleExport(targetId: string, tableParam: string): Promise<string> {
  const table = await openTable(targetId, tableParam);
  return exportDrizzle([table.detail], table.connection.kind);
}
