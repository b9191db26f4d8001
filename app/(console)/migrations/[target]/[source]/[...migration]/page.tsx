import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requestReviewAction } from "@/app/(console)/reviews/actions";
import { EvidenceList } from "@/components/migrations/evidence-list";
import { FactsTable } from "@/components/migrations/facts-table";
import { FindingsList } from "@/components/migrations/findings-list";
import { LintPanel } from "@/components/migrations/lint-panel";
import { MigrationReviewPanel } from "@/components/migrations/migration-review-panel";
import { MigrationStateBadge, STATE_MEANING } from "@/components/migrations/migration-state-badge";
import { SqlView } from "@/components/migrations/sql-view";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { lintPendingMigration } from "@/db/queries/migration-lint";
import { loadMigrationReviewOptions } from "@/db/queries/migration-review-options";
import { loadMigrationDetail } from "@/db/queries/migrations-view";
import { decodeParam } from "@/lib/http/json-route";

export const dynamic = "force-dynamic";

interface MigrationPageProps {
  params: Promise<{ target: string; source: string; migration: string[] }>;
}

async function idsOf(params: MigrationPageProps["params"]) {
  const { target, source, migration } = await params;
  return {
    target: decodeParam(target),
    source: decodeParam(source),
    migrationId: migration.map(decodeParam).join("/"),
  };
}

export async function generateMetadata({ params }: MigrationPageProps): Promise<Metadata> {
  return { title: `Migration ${(await idsOf(params)).migrationId}` };
}

export default async function MigrationPage({ params }: MigrationPageProps) {
  const actor = await requirePageRole("viewer");
  const ids = await idsOf(params);
  const detail = await loadMigrationDetail(ids.target, ids.source, ids.migrationId);
  if (!detail) notFound();
  const { target, source, migration } = detail;
  const file = migration.file;
  const lint =
    migration.state === "pending" && file
      ? await lintPendingMigration(ids.target, ids.source, file.upSql)
      : null;
  const reviewOptions = await loadMigrationReviewOptions(ids.target, source, migration, actor);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Migrations", href: "/migrations" },
          { label: target.name, href: `/migrations#target-${target.target}` },
          { label: source.name },
        ]}
      />
      <PageHeader
        title={migration.id}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <MigrationStateBadge state={migration.state} />
            <span>{STATE_MEANING[migration.state]}</span>
          </span>
        }
      />
      <div className="flex flex-col gap-4">
        {migration.findings.length > 0 ? (
          <Panel title="Findings">
            <FindingsList findings={migration.findings} />
          </Panel>
        ) : null}
        <MigrationReviewPanel
          target={ids.target}
          source={ids.source}
          migrationId={migration.id}
          options={reviewOptions}
          request={requestReviewAction}
        />
        {lint ? <LintPanel result={lint} /> : null}
        <Panel title="Facts">
          <FactsTable
            facts={[
              {
                label: "version",
                value: migration.version,
                provenance: "computed",
                from: "file name",
              },
              ...(file
                ? [
                    {
                      label: "files",
                      value: file.paths.join(", "),
                      provenance: "computed" as const,
                      from: source.folder,
                    },
                  ]
                : []),
              {
                label: "ledger",
                value: source.ledger.table,
                provenance: "computed",
                from: `${source.ledger.kind} ledger`,
              },
              ...migration.facts,
            ]}
          />
        </Panel>
        {migration.evidence ? (
          <Panel title="Evidence from the catalog">
            <EvidenceList evidence={migration.evidence} />
          </Panel>
        ) : null}
        {file ? (
          <Panel title="Up">
            <SqlView sql={file.upSql} label="Up SQL" />
          </Panel>
        ) : (
          <Panel title="Up">
            <p className="text-sm text-slate-500">The file is gone: only the ledger row remains.</p>
          </Panel>
        )}
        {file ? (
          <Panel title="Down">
            {file.downSql ? (
              <SqlView sql={file.downSql} label="Down SQL" />
            ) : (
              <p className="text-sm text-slate-500">This migration has no down part.</p>
            )}
          </Panel>
        ) : null}
        <Panel title="Ledger row">
          {migration.ledgerRow ? (
            <JsonView value={migration.ledgerRow.raw} />
          ) : (
            <p className="text-sm text-slate-500">
              No row in {source.ledger.table} records this migration.
            </p>
          )}
        </Panel>
      </div>
    </>
  );
}
