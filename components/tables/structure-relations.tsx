import Link from "next/link";
import type { DetailForeignKey } from "@/db/catalog/table-detail";
import { tableHref } from "@/lib/tables/table-urls";

interface StructureRelationsProps {
  target: string;
  references: DetailForeignKey[];
  referencedBy: DetailForeignKey[];
}

/** Foreign keys both ways, each a link to the other table. */
export function StructureRelations({ target, references, referencedBy }: StructureRelationsProps) {
  if (references.length === 0 && referencedBy.length === 0) {
    return <p className="text-sm text-slate-500">No foreign keys.</p>;
  }
  const item = (key: DetailForeignKey, outbound: boolean) => {
    const other = outbound ? `${key.refSchema}.${key.refTable}` : `${key.schema}.${key.table}`;
    return (
      <li
        key={`${outbound ? "out" : "in"}-${key.schema}.${key.table}.${key.name}`}
        className="text-sm"
      >
        <span className="text-slate-400">{outbound ? "→" : "←"}</span>{" "}
        <span className="font-mono text-xs">
          ({(outbound ? key.columns : key.refColumns).join(", ")})
        </span>{" "}
        {outbound ? "references" : "referenced by"}{" "}
        <Link
          href={tableHref(target, other)}
          className="font-mono text-xs text-sky-800 hover:underline"
        >
          {other}
        </Link>{" "}
        <span className="font-mono text-xs">
          ({(outbound ? key.refColumns : key.columns).join(", ")})
        </span>
        <span className="ml-2 text-xs text-slate-500">
          {key.name} · on delete {key.onDelete}
        </span>
      </li>
    );
  };
  return (
    <ul className="flex flex-col gap-1">
      {references.map((key) => item(key, true))}
      {referencedBy.map((key) => item(key, false))}
    </ul>
  );
}
