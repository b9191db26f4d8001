import clsx from "clsx";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import type { TableView } from "@/db/tables/table-views";
import {
  catalogHref,
  tableDrizzleHref,
  tableHref,
  tableStructureHref,
} from "@/lib/tables/table-urls";

interface TableHeaderProps {
  view: TableView;
  tab: "data" | "structure" | "drizzle" | "row";
}

/** Breadcrumbs, name, badges and the Data / Structure / Drizzle tabs of one table. */
export function TableHeader({ view, tab }: TableHeaderProps) {
  const { detail } = view;
  const { target, protection } = view.table;
  const systemName = view.ownership?.systemName ?? null;
  const name = `${detail.schema}.${detail.name}`;
  const tabs = [
    { id: "data", label: "Data", href: tableHref(target.id, name) },
    { id: "structure", label: "Structure", href: tableStructureHref(target.id, name) },
    { id: "drizzle", label: "Drizzle", href: tableDrizzleHref(target.id, name) },
  ];
  return (
    <header className="mb-4">
      <Breadcrumbs
        items={[
          { label: "Overview", href: "/" },
          { label: target.name, href: catalogHref(target.id) },
          { label: name, ...(tab === "data" ? {} : { href: tableHref(target.id, name) }) },
          ...(tab === "row" ? [{ label: "row" }] : []),
        ]}
      />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="font-mono text-xl font-semibold tracking-tight">
          <span className="text-slate-400">{detail.schema}.</span>
          {detail.name}
        </h1>
        <Badge>{detail.kind}</Badge>
        {systemName ? <Badge tone="violet">used by {systemName}</Badge> : null}
        <Badge tone="blue">read-only browsing</Badge>
      </div>
      {detail.comment ? <p className="mt-1 text-sm text-slate-600">{detail.comment}</p> : null}
      {protection ? (
        <p
          role="note"
          className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <strong>Protected table</strong>, owned by {protection.owner}.{" "}
          {protection.explanation ?? "Changes to it go through its owner."}
        </p>
      ) : null}
      <nav aria-label="Table views" className="mt-3 flex gap-1 border-b border-slate-200 text-sm">
        {tabs.map((item) => (
          <Link
            key={item.id}
            href={item.href}
            aria-current={tab === item.id ? "page" : undefined}
            className={clsx(
              "-mb-px border-b-2 px-3 py-1.5",
              tab === item.id
                ? "border-sky-700 font-medium text-sky-900"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {item.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
