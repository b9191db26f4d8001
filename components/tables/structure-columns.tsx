import { Badge } from "@/components/ui/badge";
import type { DetailColumn } from "@/db/catalog/table-detail";

interface StructureColumnsProps {
  columns: DetailColumn[];
  primaryKey: string[];
  roles: Record<string, string[]>;
  masked: string[];
}

const CELL = "py-1.5 pr-3 align-top";

/** Columns with type, nullability, default, comment and the role each plays for its system. */
export function StructureColumns({ columns, primaryKey, roles, masked }: StructureColumnsProps) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr className="border-b border-slate-200">
            <th className={CELL}>Column</th>
            <th className={CELL}>Type</th>
            <th className={CELL}>Null</th>
            <th className={CELL}>Default</th>
            <th className={CELL}>Role</th>
            <th className={CELL}>Comment</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name} className="border-t border-slate-100">
              <td className={`${CELL} font-mono text-xs`}>
                {column.name}
                {primaryKey.includes(column.name) ? (
                  <span className="ml-1.5 font-sans">
                    <Badge tone="blue">PK</Badge>
                  </span>
                ) : null}
                {masked.includes(column.name) ? (
                  <span className="ml-1.5 font-sans">
                    <Badge tone="amber">masked</Badge>
                  </span>
                ) : null}
              </td>
              <td className={`${CELL} font-mono text-xs text-slate-700`}>
                {column.type}
                {column.identity ? ` identity (${column.identity})` : ""}
                {column.enumValues ? (
                  <span className="block text-slate-400">{column.enumValues.join(" · ")}</span>
                ) : null}
              </td>
              <td className={`${CELL} text-xs`}>{column.nullable ? "yes" : "no"}</td>
              <td className={`${CELL} max-w-xs break-all font-mono text-xs text-slate-600`}>
                {column.default ?? ""}
              </td>
              <td className={CELL}>
                <span className="flex flex-wrap gap-1">
                  {(roles[column.name] ?? []).map((role) => (
                    <Badge key={role} tone="violet">
                      {role}
                    </Badge>
                  ))}
                </span>
              </td>
              <td className={`${CELL} text-xs text-slate-600`}>{column.comment ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
