import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RefreshWhile } from "@/components/ui/refresh-while";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePageRole } from "@/db/auth/page-guard";
import { isActive, recentOperations } from "@/db/bulk/operation-view";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { ACTION_LABELS, type ActionCode } from "@/lib/jobs/actions";
import { operationHref } from "@/lib/urls";

export const metadata: Metadata = { title: "Bulk operations" };

export default async function OperationsPage() {
  await requirePageRole("viewer");
  const operations = await orHomeUnavailable(readHome(recentOperations));
  if (operations instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="Bulk operations" error={operations} />;
  }
  const active = operations.some((operation) => isActive(operation.status));
  return (
    <>
      <RefreshWhile active={active} everyMs={2_000} />
      <PageHeader
        title="Bulk operations"
        description="Bulk actions run in the background, in batches of at most 500 jobs, shared by every Switchyard instance; they survive reloads and restarts, and pause while their target is unreachable."
      />
      <Panel title="Recent">
        {operations.length === 0 ? (
          <p className="text-sm text-slate-500">
            No bulk operation yet. Start one from a queue page or the stuck list.
          </p>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                <th className="py-1.5 pr-3">Action</th>
                <th className="py-1.5 pr-3">Queue</th>
                <th className="py-1.5 pr-3">By</th>
                <th className="py-1.5 pr-3">Started</th>
                <th className="py-1.5 pr-3 text-right">Changed / skipped / failed of total</th>
                <th className="py-1.5">Status</th>
              </tr>
            </thead>
            <tbody>
              {operations.map((operation) => (
                <tr key={operation.id} className="border-b border-slate-100">
                  <td className="py-1.5 pr-3">
                    <Link
                      href={operationHref(operation.id)}
                      className="text-sky-800 hover:underline"
                    >
                      {ACTION_LABELS[operation.action as ActionCode] ?? operation.action}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 font-mono text-xs">
                    {operation.target} / {operation.system} / {operation.queue}
                  </td>
                  <td className="py-1.5 pr-3">{operation.createdBy}</td>
                  <td className="py-1.5 pr-3">
                    <RelativeTime date={operation.createdAt} />
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">
                    {operation.changed} / {operation.skipped} / {operation.failed} of{" "}
                    {operation.total}
                  </td>
                  <td className="py-1.5">
                    <Badge
                      tone={
                        operation.status === "done"
                          ? "green"
                          : operation.status === "running"
                            ? "blue"
                            : operation.status === "paused"
                              ? "amber"
                              : "neutral"
                      }
                    >
                      {operation.status}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
