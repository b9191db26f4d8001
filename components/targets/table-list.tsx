import type { TableSummary } from "@/db/catalog/table-summary";
import { formatBytes, formatCount } from "@/lib/format";

interface TableListProps {
  tables: TableSummary[];
  /** Show this many (largest first) and the rest behind a disclosure. */
  shown?: number;
}

/** The target's relations, largest first. */
export function TableList({ tables, shown = Number.POSITIVE_INFINITY }: TableListProps) {
  if (tables.length === 0) return <p className="text-sm text-slate-500">No tables.</p>;
  const sorted = [...tables].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0));
  const first = sorted.slice(0, shown);
  const rest = sorted.slice(first.length);
  return (
    <div className="text-sm">
      <TableRows tables={first} />
      {rest.length > 0 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-slate-500 hover:text-slate-800">
            {rest.length} more
          </summary>
          <TableRows tables={rest} />
        </details>
      ) : null}
    </div>
  );
}

function TableRows({ tables }: { tables: TableSummary[] }) {
  return (
    <table className="w-full">
      <thead className="sr-only">
        <tr>
          <th>Table</th>
          <th>Rows</th>
          <th>Size</th>
        </tr>
      </thead>
      <tbody>
        {tables.map((table) => (
          <tr key={`${table.schema}.${table.name}`} className="border-t border-slate-100">
            <td className="py-1 pr-2 font-mono text-xs">
              <span className="text-slate-400">{table.schema}.</span>
              {table.name}
              {table.kind !== "table" ? (
                <span className="ml-1.5 font-sans text-slate-400">({table.kind})</span>
              ) : null}
            </td>
            <td
              className="py-1 pr-2 text-right tabular-nums"
              title={table.rowsAccuracy === "estimate" ? "Planner estimate" : undefined}
            >
              {table.rows === null ? "—" : formatCount(table.rows, table.rowsAccuracy)}
            </td>
            <td className="w-20 py-1 text-right tabular-nums text-slate-500">
              {table.bytes === null ? "—" : formatBytes(table.bytes)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
