import Link from "next/link";
import type { DetailForeignKey } from "@/db/catalog/table-detail";
import type { GridRow } from "@/db/tables/browse-rows";
import { formatFilter } from "@/lib/tables/filter";
import { tableHref } from "@/lib/tables/table-urls";

interface RowLinksProps {
  target: string;
  row: GridRow;
  references: DetailForeignKey[];
  referencedBy: DetailForeignKey[];
}

/** Foreign keys as links: to the rows this one references, and to the rows that reference it. */
export function RowLinks({ target, row, references, referencedBy }: RowLinksProps) {
  const link = (
    table: string,
    columns: string[],
    values: (string | number | null | undefined)[],
    label: string,
  ) => {
    if (values.some((value) => value === null || value === undefined)) {
      return <span className="text-slate-400">{label} (NULL)</span>;
    }
    const filter = columns.map((column, index) =>
      formatFilter({ column, op: "eq", value: String(values[index]) }),
    );
    return (
      <Link href={tableHref(target, table, { filter })} className="text-sky-800 hover:underline">
        {label}
      </Link>
    );
  };
  const value = (column: string) => {
    const cell = row.cells[column];
    return cell?.masked ? null : cell?.value;
  };
  if (references.length === 0 && referencedBy.length === 0) {
    return <p className="text-sm text-slate-500">No foreign keys.</p>;
  }
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {references.map((key) => (
        <li key={`out-${key.name}`}>
          →{" "}
          {link(
            `${key.refSchema}.${key.refTable}`,
            key.refColumns,
            key.columns.map(value),
            `${key.refSchema}.${key.refTable} (${key.refColumns.join(", ")})`,
          )}{" "}
          <span className="text-xs text-slate-500">via {key.columns.join(", ")}</span>
        </li>
      ))}
      {referencedBy.map((key) => (
        <li key={`in-${key.schema}.${key.table}.${key.name}`}>
          ←{" "}
          {link(
            `${key.schema}.${key.table}`,
            key.columns,
            key.refColumns.map(value),
            `${key.schema}.${key.table} (${key.columns.join(", ")})`,
          )}{" "}
          <span className="text-xs text-slate-500">rows pointing here</span>
        </li>
      ))}
    </ul>
  );
}
