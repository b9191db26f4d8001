import type { Metadata } from "next";
import { revealRowAction } from "@/app/(console)/tables/actions";
import { RevealButton } from "@/components/tables/reveal-button";
import { RowFields } from "@/components/tables/row-fields";
import { RowLinks } from "@/components/tables/row-links";
import { TableHeader } from "@/components/tables/table-header";
import { Alert } from "@/components/ui/alert";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { readOneRow } from "@/db/tables/browse-rows";
import { hasRole } from "@/lib/auth/roles";
import { decodeParam } from "@/lib/http/json-route";
import { InputError } from "@/lib/input-error";
import { tableViewOr404 } from "../table-view-or-404";

interface RowPageProps {
  params: Promise<{ target: string; table: string }>;
  searchParams: Promise<{ key?: string | string[] }>;
}

export async function generateMetadata({ params }: RowPageProps): Promise<Metadata> {
  return { title: `Row of ${decodeParam((await params).table)}` };
}

export default async function RowPage({ params, searchParams }: RowPageProps) {
  const actor = await requirePageRole("viewer");
  const names = await params;
  const [targetId, tableName] = [decodeParam(names.target), decodeParam(names.table)];
  const rawKey = (await searchParams).key;
  const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  const view = await tableViewOr404(targetId, tableName);
  const { table, detail } = view;
  const row = key
    ? await readOneRow(table, key).catch((error: unknown) => {
        if (error instanceof InputError) return null;
        throw error;
      })
    : null;
  const name = `${detail.schema}.${detail.name}`;
  return (
    <>
      <TableHeader view={view} tab="row" />
      {!row || !key ? (
        <Alert tone="warning" title="No such row">
          The row is gone, or the link is not one Switchyard made.
        </Alert>
      ) : (
        <div className="flex flex-col gap-4">
          {view.key.kind === "physical" ? (
            <Alert tone="warning" title="Unstable link">
              This table has no key: the row is addressed by its {view.key.name}, which changes when
              the row is updated.
            </Alert>
          ) : null}
          <Panel title="Foreign keys">
            <RowLinks
              target={table.target.id}
              row={row}
              references={detail.references}
              referencedBy={detail.referencedBy}
            />
          </Panel>
          <Panel title="Fields">
            <RowFields columns={detail.columns} row={row} roles={view.ownership?.roles ?? {}} />
          </Panel>
          {hasRole(actor.role, "admin") && Object.values(row.cells).some((cell) => cell.masked) ? (
            <Panel title="Masked values">
              <RevealButton
                input={{ target: table.target.id, table: name, key }}
                reveal={revealRowAction}
              />
            </Panel>
          ) : null}
        </div>
      )}
    </>
  );
}
