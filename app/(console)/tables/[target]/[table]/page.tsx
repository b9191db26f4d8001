import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DataGrid } from "@/components/tables/data-grid";
import { FilterBar } from "@/components/tables/filter-bar";
import { GridPager } from "@/components/tables/grid-pager";
import { TableHeader } from "@/components/tables/table-header";
import { Alert } from "@/components/ui/alert";
import { InvalidCursorAlert } from "@/components/ui/invalid-cursor-alert";
import { requirePageRole } from "@/db/auth/page-guard";
import { appCursors } from "@/db/signing-keys";
import { browseRows } from "@/db/tables/browse-rows";
import { InvalidCursorError } from "@/lib/cursor";
import { formatCount } from "@/lib/format";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { decodeParam } from "@/lib/http/json-route";
import { InputError } from "@/lib/input-error";
import { panelError } from "@/lib/panel-error";
import { readGridParams } from "@/lib/tables/grid-params";
import { unsearchableColumns } from "@/lib/tables/masking";
import { tableHref } from "@/lib/tables/table-urls";
import { tableViewOr404 } from "./table-view-or-404";

interface TablePageProps {
  params: Promise<{ target: string; table: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: TablePageProps): Promise<Metadata> {
  return { title: decodeParam((await params).table) };
}

export default async function TablePage({ params, searchParams }: TablePageProps) {
  await requirePageRole("viewer");
  const names = await params;
  const [targetId, tableName] = [decodeParam(names.target), decodeParam(names.table)];
  const state = readGridParams(await searchParams);
  if (state.composed) {
    redirect(
      tableHref(targetId, tableName, {
        filter: [...(state.filter ?? []), state.composed],
        sort: state.sort,
      }),
    );
  }
  const view = await tableViewOr404(targetId, tableName);
  const { table, detail } = view;
  const name = `${detail.schema}.${detail.name}`;
  const filters = [...(state.filter ?? [])];
  const page = await appCursors()
    .then((cursors) =>
      browseRows(table, { filter: filters, sort: state.sort, cursor: state.cursor }, cursors),
    )
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({
        ok: false as const,
        invalidCursor: error instanceof InvalidCursorError,
        message:
          error instanceof InputError || error instanceof HomeUnavailableError
            ? error.message
            : panelError(error, table.target.statementTimeoutMs).message,
      }),
    );
  const hidden = [...unsearchableColumns(table.policy)];
  return (
    <>
      <TableHeader view={view} tab="data" />
      <p className="mb-3 text-xs text-slate-500">
        {detail.rowsEstimate === null
          ? ""
          : `${formatCount(detail.rowsEstimate, table.connection.kind === "sqlite" && detail.rowsEstimate < 100_000 ? "exact" : "estimate")} rows · `}
        {view.keyDescription}
        {hidden.length > 0 ? ` · masked: ${hidden.join(", ")}` : ""}
      </p>
      {view.key.kind === "physical" ? (
        <div className="mb-3">
          <Alert tone="warning" title="Unstable paging">
            {view.keyDescription}
          </Alert>
        </div>
      ) : null}
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <FilterBar
          target={table.target.id}
          table={name}
          columns={detail.columns
            .map((column) => column.name)
            .filter((column) => !hidden.includes(column))}
          filters={filters}
          sort={state.sort ?? null}
        />
        {page.ok ? (
          <>
            {page.value.warnings.map((warning) => (
              <div key={warning} className="mb-3">
                <Alert tone="warning" title="Slow sort">
                  {warning}
                </Alert>
              </div>
            ))}
            <DataGrid
              target={table.target.id}
              table={name}
              columns={detail.columns}
              rows={page.value.rows}
              references={detail.references}
              sortable={view.sortable}
              unsortable={hidden}
              filters={filters}
              sort={state.sort ?? null}
            />
            <GridPager
              firstHref={
                state.cursor
                  ? tableHref(table.target.id, name, { filter: filters, sort: state.sort })
                  : null
              }
              prevHref={
                page.value.prevCursor
                  ? tableHref(table.target.id, name, {
                      filter: filters,
                      sort: state.sort,
                      cursor: page.value.prevCursor,
                    })
                  : null
              }
              nextHref={
                page.value.nextCursor
                  ? tableHref(table.target.id, name, {
                      filter: filters,
                      sort: state.sort,
                      cursor: page.value.nextCursor,
                    })
                  : null
              }
            />
          </>
        ) : page.invalidCursor ? (
          <InvalidCursorAlert
            firstHref={tableHref(table.target.id, name, { filter: filters, sort: state.sort })}
          />
        ) : (
          <Alert tone="warning" title="Could not read the rows">
            {page.message}
          </Alert>
        )}
      </section>
    </>
  );
}
