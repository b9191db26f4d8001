import Link from "next/link";
import { FILTER_LABELS, FILTER_OPS } from "@/lib/tables/filter";
import { tableHref } from "@/lib/tables/table-urls";

interface FilterBarProps {
  target: string;
  table: string;
  columns: string[];
  filters: string[];
  sort: string | null;
}

const INPUT = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/** A plain GET form adding one `filter=column:op:value`; current filters are chips that remove themselves. */
export function FilterBar({ target, table, columns, filters, sort }: FilterBarProps) {
  return (
    <div className="mb-3 flex flex-col gap-2">
      {filters.length > 0 ? (
        <ul aria-label="Active filters" className="flex flex-wrap gap-2 text-xs">
          {filters.map((filter, index) => (
            <li
              key={filter}
              className="flex items-center gap-1 rounded bg-sky-50 px-2 py-1 font-mono text-sky-900 ring-1 ring-sky-200"
            >
              <span className="max-w-96 truncate">{filter}</span>
              <Link
                href={tableHref(target, table, {
                  filter: filters.filter((_, other) => other !== index),
                  sort,
                })}
                aria-label={`Remove filter ${filter}`}
                className="text-sky-700 hover:text-red-700"
              >
                ×
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="get" aria-label="Add a filter" className="flex flex-wrap items-center gap-2">
        {filters.map((filter) => (
          <input key={filter} type="hidden" name="filter" value={filter} />
        ))}
        {sort ? <input type="hidden" name="sort" value={sort} /> : null}
        <FilterComposer columns={columns} />
      </form>
    </div>
  );
}

/** Column, operator and value; a tiny script joins them into one `filter` parameter on submit. */
function FilterComposer({ columns }: { columns: string[] }) {
  return (
    <>
      <select aria-label="Filter column" name="fc" className={INPUT}>
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
      <select aria-label="Filter operator" name="fo" className={INPUT} defaultValue="eq">
        {FILTER_OPS.map((op) => (
          <option key={op} value={op}>
            {FILTER_LABELS[op]}
          </option>
        ))}
      </select>
      <input
        aria-label="Filter value"
        name="fv"
        placeholder="value (has: key=value)"
        className={`${INPUT} w-64`}
      />
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
      >
        Add filter
      </button>
    </>
  );
}
