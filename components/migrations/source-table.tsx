import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SourceReport } from "@/lib/migrations/report";
import { migrationHref } from "@/lib/migrations/urls";
import { ChecksumStatus } from "./checksum-status";
import { MigrationStateBadge } from "./migration-state-badge";

interface SourceTableProps {
  target: string;
  source: SourceReport;
}

function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function SourceTable({ target, source }: SourceTableProps) {
  if (source.migrations.length === 0) {
    return <p className="text-sm text-slate-500">No migrations found in this folder.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th className="py-1.5 pr-3 font-medium">State</th>
            <th className="py-1.5 pr-3 font-medium">Migration</th>
            <th className="py-1.5 pr-3 font-medium">Applied</th>
            <th className="py-1.5 pr-3 font-medium">Duration</th>
            <th className="py-1.5 pr-3 font-medium">By</th>
            <th className="py-1.5 font-medium">Checksum</th>
          </tr>
        </thead>
        <tbody>
          {source.migrations.map((migration) => {
            const problem = migration.findings.find((finding) => finding.severity === "error");
            return (
              <tr key={migration.id} className="border-b border-slate-100 align-top last:border-0">
                <td className="py-1.5 pr-3">
                  <MigrationStateBadge state={migration.state} />
                </td>
                <td className="py-1.5 pr-3">
                  <Link
                    href={migrationHref(target, source.id, migration.id)}
                    className="font-mono text-xs text-sky-800 hover:underline"
                  >
                    {migration.id}
                  </Link>
                  {problem ? (
                    <p className="mt-0.5 text-xs text-red-700">{problem.message}</p>
                  ) : null}
                  {migration.state === "appears_applied" && migration.evidence ? (
                    <p className="mt-0.5 text-xs text-violet-700">
                      all {migration.evidence.total} objects it creates exist
                    </p>
                  ) : null}
                </td>
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <RelativeTime date={migration.appliedAt} />
                </td>
                <td className="py-1.5 pr-3 whitespace-nowrap text-slate-600">
                  {formatMs(migration.durationMs)}
                </td>
                <td className="py-1.5 pr-3 text-slate-600">{migration.appliedBy ?? "—"}</td>
                <td className="py-1.5 text-xs whitespace-nowrap">
                  <ChecksumStatus checksum={migration.checksum} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
