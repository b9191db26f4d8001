import Link from "next/link";
import type { DetailColumn, DetailForeignKey } from "@/db/catalog/table-detail";
import type { GridRow } from "@/db/tables/browse-rows";
import { formatFilter } from "@/lib/tables/filter";
import { tableApiHref, tableHref, tableRowHref } from "@/lib/tables/table-urls";
import { CellValue } from "./cell-value";

interface DataGridProps {
  target: string;
  table: string;
  columns: DetailColumn[];
  rows: GridRow[];
  references: DetailForeignKey[];
  sortable: string[];
  unsortable: string[];
  filters: string[];
  sort: string | null;
}

const JSON_TYPES = new Set(["json", "jsonb"]);

/** The rows as the server read and masked them; sort by clicking a header, open a row or a cell. */
export function DataGrid(props: DataGridProps) {
  const { target, table, columns, rows, references, sortable, unsortable, filters, sort } = props;
  const single = new Map(
    references.filter((key) => key.columns.length === 1).map((key) => [key.columns[0], key]),
  );
  const api = tableApiHref(target, table, "/rows");
  const sortHref = (column: string) => {
    const next = sort === column ? `-${column}` : sort === `-${column}` ? null : column;
    return tableHref(target, table, { filter: filters, sort: next });
  };
  if (rows.length === 0) return <p className="py-6 text-center text-sm text-slate-500">No rows.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr className="border-b border-slate-200">
            <th className="w-8 py-1.5 pr-2 font-medium">
              <span className="sr-only">Row</span>
            </th>
            {columns.map((column) => (
              <th key={column.name} className="whitespace-nowrap py-1.5 pr-3 font-medium">
                {unsortable.includes(column.name) ? (
                  <span className="font-mono">{column.name}</span>
                ) : (
                  <Link
                    href={sortHref(column.name)}
                    title={
                      sortable.includes(column.name)
                        ? "Sort (indexed)"
                        : "Sort (no index: may scan)"
                    }
                    className="font-mono hover:text-slate-900 hover:underline"
                  >
                    {column.name}
                    {sort === column.name ? " ↑" : sort === `-${column.name}` ? " ↓" : ""}
                  </Link>
                )}
                <span className="ml-1 font-normal text-slate-400">{column.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100 align-top hover:bg-slate-50">
              <td className="py-1.5 pr-2">
                <Link
                  href={tableRowHref(target, table, row.key)}
                  aria-label="Open row"
                  className="text-xs text-sky-800 hover:underline"
                >
                  open
                </Link>
              </td>
              {columns.map((column) => {
                const cell = row.cells[column.name];
                const key = single.get(column.name);
                const href =
                  key && cell && cell.value !== null && !cell.masked
                    ? tableHref(target, `${key.refSchema}.${key.refTable}`, {
                        filter: [
                          formatFilter({
                            column: key.refColumns[0] ?? "",
                            op: "eq",
                            value: String(cell.value),
                          }),
                        ],
                      })
                    : undefined;
                return (
                  <td key={column.name} className="max-w-xs py-1.5 pr-3">
                    <CellValue
                      cell={cell}
                      href={href}
                      json={JSON_TYPES.has(column.baseType)}
                      viewer={{ api, rowKey: row.key, column: column.name }}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
