import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CatalogList } from "@/components/tables/catalog-list";
import { Alert } from "@/components/ui/alert";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";
import { getCatalogView } from "@/db/tables/table-views";
import { findTarget } from "@/db/targets/registry";
import { decodeParam } from "@/lib/http/json-route";
import { toSearchParams } from "@/lib/http/search-params";
import { panelError } from "@/lib/panel-error";
import { parseCatalogQuery } from "@/lib/tables/catalog-list";

interface TablesPageProps {
  params: Promise<{ target: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: TablesPageProps): Promise<Metadata> {
  return { title: `Tables of ${decodeParam((await params).target)}` };
}

export default async function TablesPage({ params, searchParams }: TablesPageProps) {
  await requirePageRole("viewer");
  const target = findTarget(decodeParam((await params).target));
  if (!target) notFound();
  const query = parseCatalogQuery(toSearchParams(await searchParams));
  const view = await getCatalogView(target.id, query).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error: panelError(error, target.statementTimeoutMs),
    }),
  );
  return (
    <>
      <Breadcrumbs items={[{ label: "Overview", href: "/" }, { label: target.name }]} />
      <PageHeader
        title={`Tables of ${target.name}`}
        description="Rows are exact below 10,000 (a bounded count) and planner estimates (≈) above; sizes include indexes and TOAST. Browsing is read-only."
      />
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        {view.ok ? (
          <CatalogList
            target={target.id}
            tables={view.value.tables}
            total={view.value.total}
            query={query}
          />
        ) : (
          <Alert tone="warning" title="Could not read the catalog">
            {view.error.message}
          </Alert>
        )}
      </section>
    </>
  );
}
