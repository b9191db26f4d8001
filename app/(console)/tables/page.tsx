import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";
import { listTargets } from "@/db/targets/registry";
import { catalogHref } from "@/lib/tables/table-urls";

export const metadata: Metadata = { title: "Tables" };

export default async function TablesIndexPage() {
  await requirePageRole("viewer");
  const targets = listTargets();
  return (
    <>
      <Breadcrumbs items={[{ label: "Overview", href: "/" }, { label: "Tables" }]} />
      <PageHeader
        title="Tables"
        description="Browse every target's schema and rows, read-only, with secrets masked."
      />
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {targets.map((target) => (
          <li key={target.id}>
            <Link
              href={catalogHref(target.id)}
              className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-sky-300"
            >
              <span className="font-medium text-slate-900">{target.name}</span>
              <span className="mt-1 flex gap-2">
                <Badge>{target.kind === "postgres" ? "PostgreSQL" : "SQLite"}</Badge>
                {target.protectedTables.length > 0 ? (
                  <Badge tone="amber">{target.protectedTables.length} protected</Badge>
                ) : null}
                {target.readOnly ? <Badge tone="blue">read-only</Badge> : null}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
