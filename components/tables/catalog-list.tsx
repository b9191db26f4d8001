import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { CatalogEntry } from "@/db/tables/table-views";
import { formatBytes, formatCount } from "@/lib/format";
import type { CatalogQuery, CatalogSort } from "@/lib/tables/catalog-list";
import { catalogHref, tableHref } from "@/lib/tables/table-urls";

interface CatalogListProps {
  target: string;
  tables: CatalogEntry[];
  total: number;
  query: CatalogQuery;
}

/** The target's relations: a search box, sortable headers, and one link per table. */
export function CatalogList({ target, tables, total, query }: CatalogListProps) {
  const sortLink = (sort: CatalogSort, label: string, numeric: boolean) => {
    const active = query.sort === sort;
    const next = active ? (query.desc ? sort : `-${sort}`) : numeric ? `-${sort}` : sort;
    return (
      <Link
        href={catalogHref(target, { q: query.q, sort: next })}
        className="hover:text-slate-900 hover:underline"
        aria-label={`Sort by ${label}`}
      >
        {label}
        {active ? (query.desc ? " ↓" : " ↑") : ""}
      </Link>
    );
  };
  return (
    <div className="text-sm">
      <search>
        <form method="get" className="mb-3 flex items-center gap-2">
          <input
            name="q"
            defaultValue={query.q}
            placeholder="Search tables"
            aria-label="Search tables"
            className="w-72 rounded-md border border-slate-300 px-2.5 py-1.5"
          />
          <input type="hidden" name="sort" value={`${query.desc ? "-" : ""}${query.sort}`} />
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
          >
            Search
          </button>
          <span className="ml-auto text-xs text-slate-500">
            {tables.length} of {total} relations
          </span>
        </form>
      </search>
      {tables.length === 0 ? (
        <p className="text-slate-500">No table matches.</p>
      ) : (
        <table className="w-full">
          <thead className="text-left text-xs text-slate-500">
            <tr className="border-b border-slate-200">
              <th className="py-1.5 pr-2 font-medium">{sortLink("name", "Table", false)}</th>
              <th className="py-1.5 pr-2 text-right font-medium">
                {sortLink("rows", "Rows", true)}
              </th>
              <th className="py-1.5 pr-4 text-right font-medium">
                {sortLink("size", "Size", true)}
              </th>
              <th className="py-1.5 pr-2 font-medium">Kind</th>
              <th className="py-1.5 font-medium">Belongs to</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((table) => {
              const name = `${table.schema}.${table.name}`;
              return (
                <tr key={name} className="border-t border-slate-100 hover:bg-slate-50">
                  <td className="py-1.5 pr-2 font-mono text-xs">
                    <Link href={tableHref(target, name)} className="text-sky-800 hover:underline">
                      <span className="text-slate-400">{table.schema}.</span>
                      {table.name}
                    </Link>
                    {table.protection ? (
                      <span className="ml-2 font-sans">
                        <Badge tone="amber" title={table.protection.explanation}>
                          protected · {table.protection.owner}
                        </Badge>
                      </span>
                    ) : null}
                  </td>
                  <td
                    className="py-1.5 pr-2 text-right tabular-nums"
                    title={table.rowsAccuracy === "estimate" ? "Planner estimate" : undefined}
                  >
                    {table.rows === null ? "—" : formatCount(table.rows, table.rowsAccuracy)}
                  </td>
                  <td className="py-1.5 pr-4 text-right tabular-nums text-slate-500">
                    {table.bytes === null ? "—" : formatBytes(table.bytes)}
                  </td>
                  <td className="py-1.5 pr-2 text-xs text-slate-500">{table.kind}</td>
                  <td className="py-1.5 text-xs">
                    {table.system ? <Badge tone="violet">{table.system}</Badge> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
