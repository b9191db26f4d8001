import type { Metadata } from "next";
import Link from "next/link";
import { StructureColumns } from "@/components/tables/structure-columns";
import { StructureIndexes } from "@/components/tables/structure-indexes";
import { StructureRelations } from "@/components/tables/structure-relations";
import { SystemDefinition } from "@/components/tables/system-definition";
import { TableHeader } from "@/components/tables/table-header";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { formatBytes, formatCount } from "@/lib/format";
import { decodeParam } from "@/lib/http/json-route";
import { unsearchableColumns } from "@/lib/tables/masking";
import { tableHref } from "@/lib/tables/table-urls";
import { tableViewOr404 } from "../table-view-or-404";

interface StructurePageProps {
  params: Promise<{ target: string; table: string }>;
}

export async function generateMetadata({ params }: StructurePageProps): Promise<Metadata> {
  return { title: `Structure of ${decodeParam((await params).table)}` };
}

export default async function StructurePage({ params }: StructurePageProps) {
  await requirePageRole("viewer");
  const names = await params;
  const view = await tableViewOr404(decodeParam(names.target), decodeParam(names.table));
  const { table, detail } = view;
  const size = (bytes: number | null) => (bytes === null ? "—" : formatBytes(bytes));
  const paging =
    view.key.kind === "columns"
      ? view.key.columns.join(", ")
      : view.key.kind === "physical"
        ? `${view.key.name} (unstable)`
        : "none";
  const facts: [string, string][] = [
    [
      "Rows",
      detail.rowsEstimate === null
        ? "—"
        : formatCount(
            detail.rowsEstimate,
            table.connection.kind === "sqlite" && detail.rowsEstimate < 100_000
              ? "exact"
              : "estimate",
          ),
    ],
    ["Table", size(detail.sizes.table)],
    ["Indexes", size(detail.sizes.indexes)],
    ["TOAST", size(detail.sizes.toast)],
    ["Paging key", paging],
  ];
  return (
    <>
      <TableHeader view={view} tab="structure" />
      <div className="flex flex-col gap-4">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
          {facts.map(([label, value]) => (
            <div
              key={label}
              className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm"
            >
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        {view.ownership ? (
          <Panel title="Switchyard's view of this table">
            <SystemDefinition ownership={view.ownership} />
          </Panel>
        ) : null}
        <Panel title={`Columns (${detail.columns.length})`}>
          <StructureColumns
            columns={detail.columns}
            primaryKey={detail.primaryKey}
            roles={view.ownership?.roles ?? {}}
            masked={[...unsearchableColumns(table.policy)]}
          />
        </Panel>
        <Panel title="Indexes">
          <StructureIndexes indexes={detail.indexes} />
        </Panel>
        <Panel title="Foreign keys">
          <StructureRelations
            target={table.target.id}
            references={detail.references}
            referencedBy={detail.referencedBy}
          />
        </Panel>
        <Panel title="Constraints">
          {detail.constraints.length === 0 ? (
            <p className="text-sm text-slate-500">None.</p>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {detail.constraints.map((constraint) => (
                <li key={constraint.name}>
                  <span className="font-mono text-xs font-medium">{constraint.name}</span>{" "}
                  <span className="text-xs text-slate-500">{constraint.kind}</span>
                  <code className="block break-all text-xs text-slate-600">
                    {constraint.definition}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title="Triggers">
          {detail.triggers.length === 0 ? (
            <p className="text-sm text-slate-500">None.</p>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {detail.triggers.map((trigger) => (
                <li key={trigger.name}>
                  <span className="font-mono text-xs font-medium">{trigger.name}</span>
                  {trigger.enabled ? null : (
                    <span className="ml-2 text-xs text-amber-700">disabled</span>
                  )}
                  <code className="block break-all text-xs text-slate-600">
                    {trigger.definition}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        {detail.partitions.length > 0 || detail.partitionOf ? (
          <Panel title="Partitions">
            {detail.partitionOf ? (
              <p className="text-sm">
                Partition of{" "}
                <Link
                  href={tableHref(table.target.id, detail.partitionOf)}
                  className="font-mono text-xs text-sky-800 hover:underline"
                >
                  {detail.partitionOf}
                </Link>
              </p>
            ) : null}
            <ul className="flex flex-wrap gap-3">
              {detail.partitions.map((partition) => (
                <li key={partition}>
                  <Link
                    href={tableHref(table.target.id, partition)}
                    className="font-mono text-xs text-sky-800 hover:underline"
                  >
                    {partition}
                  </Link>
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
        {detail.viewDefinition ? (
          <Panel title="Definition">
            <pre className="whitespace-pre-wrap break-words font-mono text-xs">
              {detail.viewDefinition}
            </pre>
          </Panel>
        ) : null}
      </div>
    </>
  );
}
