import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TableList } from "@/components/targets/table-list";
import { Alert } from "@/components/ui/alert";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";
import { listTables } from "@/db/catalog/list-tables";
import { connectionFor, findTarget } from "@/db/targets/registry";
import { decodeParam } from "@/lib/http/json-route";
import { panelError } from "@/lib/panel-error";

interface TablesPageProps {
  params: Promise<{ target: string }>;
}

export async function generateMetadata({ params }: TablesPageProps): Promise<Metadata> {
  return { title: `Tables of ${decodeParam((await params).target)}` };
}

export default async function TablesPage({ params }: TablesPageProps) {
  await requirePageRole("viewer");
  const target = findTarget(decodeParam((await params).target));
  if (!target) notFound();
  const tables = await listTables(connectionFor(target)).then(
    (list) => ({ ok: true as const, list }),
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
        description="Rows are exact below 10,000 (a bounded count) and planner estimates (≈) above; sizes include indexes and TOAST."
      />
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        {tables.ok ? (
          <TableList tables={tables.list} />
        ) : (
          <Alert tone="warning" title="Could not read the catalog">
            {tables.error.message}
          </Alert>
        )}
      </section>
    </>
  );
}
