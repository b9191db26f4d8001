import { Lock } from "lucide-react";
import { JsonView } from "@/components/ui/json-view";
import type { DetailColumn } from "@/db/catalog/table-detail";
import type { GridRow } from "@/db/tables/browse-rows";

interface RowFieldsProps {
  columns: DetailColumn[];
  row: GridRow;
  roles: Record<string, string[]>;
}

function asJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** Every column of one row, whole: JSON pretty-printed, secrets masked. */
export function RowFields({ columns, row, roles }: RowFieldsProps) {
  return (
    <dl className="grid grid-cols-[minmax(10rem,max-content)_1fr] gap-x-6 gap-y-2 text-sm">
      {columns.map((column) => {
        const cell = row.cells[column.name];
        const json = typeof cell?.value === "string" ? asJson(cell.value) : undefined;
        return (
          <div key={column.name} className="contents">
            <dt className="pt-0.5">
              <span className="font-mono text-xs text-slate-800">{column.name}</span>
              <span className="block text-xs text-slate-400">
                {column.type}
                {roles[column.name] ? ` · ${roles[column.name]?.join(", ")}` : ""}
              </span>
            </dt>
            <dd className="min-w-0">
              {!cell || cell.value === null ? (
                <span className="text-xs italic text-slate-400">NULL</span>
              ) : cell.masked === "column" || cell.masked === "row" ? (
                <span className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                  <Lock className="size-3" aria-hidden /> masked
                </span>
              ) : json !== undefined ? (
                <JsonView value={json} />
              ) : (
                <pre className="whitespace-pre-wrap break-words font-mono text-xs">
                  {String(cell.value)}
                </pre>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
