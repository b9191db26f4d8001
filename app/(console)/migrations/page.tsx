import type { Metadata } from "next";
import { SourcePanel } from "@/components/migrations/source-panel";
import { StateCountsBar } from "@/components/migrations/state-counts";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";
import { loadMigrationReports } from "@/db/queries/migrations-view";
import { countStates } from "@/lib/migrations/report";

export const metadata: Metadata = { title: "Migrations" };
export const dynamic = "force-dynamic";

export default async function MigrationsPage() {
  await requirePageRole("viewer");
  const reports = await loadMigrationReports();
  const counts = countStates(reports);
  const problems =
    counts.drifted + counts.failed + counts.dirty + counts.missing_file + counts.out_of_order;
  return (
    <>
      <PageHeader
        title="Migrations"
        description="What each database's ledger says was applied, what the migration folders hold, and where they disagree."
      />
      <StateCountsBar counts={counts} />
      {problems > 0 ? (
        <Alert tone="danger" title={`${problems} migrations need attention`}>
          Drifted, failed, missing or out-of-order migrations mean the database and the files
          disagree. Open one to see why.
        </Alert>
      ) : null}
      {reports.length === 0 ? (
        <Alert tone="info" title="No migration sources">
          Add a <code>migrations:</code> list to a target in switchyard.yaml.
        </Alert>
      ) : null}
      <div className="mt-4 flex flex-col gap-8">
        {reports.map((report) => (
          <section key={report.target} aria-labelledby={`target-${report.target}`}>
            <h2
              id={`target-${report.target}`}
              className="mb-3 text-base font-semibold text-slate-800"
            >
              {report.name}{" "}
              <span className="font-mono text-xs text-slate-400">{report.target}</span>
            </h2>
            {report.error ? (
              <Alert tone="danger" title="Could not read this target">
                {report.error}
              </Alert>
            ) : null}
            <div className="flex flex-col gap-4">
              {report.sources.map((source) => (
                <SourcePanel key={source.id} target={report.target} source={source} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
