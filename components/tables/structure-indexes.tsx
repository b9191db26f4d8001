import { Badge } from "@/components/ui/badge";
import type { DetailIndex } from "@/db/catalog/table-detail";
import { formatBytes, formatCount } from "@/lib/format";

/** Indexes with size and scans since the statistics were reset; never-scanned ones are flagged. */
export function StructureIndexes({ indexes }: { indexes: DetailIndex[] }) {
  if (indexes.length === 0) return <p className="text-sm text-slate-500">No indexes.</p>;
  return (
    <ul className="flex flex-col gap-2 text-sm">
      {indexes.map((index) => (
        <li key={index.name} className="border-t border-slate-100 pt-2 first:border-0 first:pt-0">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs font-medium">{index.name}</span>
            {index.primary ? (
              <Badge tone="blue">primary</Badge>
            ) : index.unique ? (
              <Badge tone="blue">unique</Badge>
            ) : null}
            {index.unused ? (
              <Badge
                tone="amber"
                title="No scans since statistics were reset, and no constraint depends on it"
              >
                unused
              </Badge>
            ) : null}
            <span className="ml-auto text-xs tabular-nums text-slate-500">
              {index.bytes === null ? "" : formatBytes(index.bytes)}
              {index.scans === null ? "" : ` · ${formatCount(index.scans)} scans`}
            </span>
          </div>
          <code className="mt-0.5 block break-all text-xs text-slate-600">{index.definition}</code>
        </li>
      ))}
    </ul>
  );
}
