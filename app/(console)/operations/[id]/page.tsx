import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OperationProgress } from "@/components/bulk/operation-progress";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RefreshWhile } from "@/components/ui/refresh-while";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePageRole } from "@/db/auth/page-guard";
import { getOperation, isActive } from "@/db/bulk/operation-view";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { hasRole } from "@/lib/auth/roles";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { ACTION_LABELS, type ActionCode } from "@/lib/jobs/actions";
import { queueHref } from "@/lib/urls";
import { cancelBulkAction } from "../../queues/actions";

export const metadata: Metadata = { title: "Bulk operation" };

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole("viewer");
  const id = (await params).id;
  const operation = await orHomeUnavailable(readHome((db) => getOperation(db, id)));
  if (operation instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="Bulk operation" error={operation} />;
  }
  if (!operation) notFound();
  const active = isActive(operation.status);
  const label = ACTION_LABELS[operation.action as ActionCode] ?? operation.action;
  return (
    <>
      <RefreshWhile active={active} everyMs={1_000} />
      <Breadcrumbs
        items={[{ label: "Operations", href: "/operations" }, { label: operation.id }]}
      />
      <PageHeader
        title={`${label}: ${operation.total.toLocaleString("en")} jobs`}
        description={
          <>
            On{" "}
            <Link
              href={queueHref(operation.target, operation.system, operation.queue)}
              className="font-mono underline"
            >
              {operation.target} / {operation.system} / {operation.queue}
            </Link>
            , requested by {operation.createdBy} <RelativeTime date={operation.createdAt} />
            {operation.reason ? `: “${operation.reason}”` : ""}.
          </>
        }
      />
      <div className="flex flex-col gap-4">
        <Panel title="Progress">
          <OperationProgress operation={operation} />
          {operation.status === "paused" ? (
            <div className="mt-3">
              <Alert tone="warning" title="Paused">
                {operation.lastError ?? "The target cannot be reached."}{" "}
                {operation.pausedAt ? (
                  <>
                    Paused <RelativeTime date={operation.pausedAt} />;{" "}
                  </>
                ) : null}
                no job is failed for it, and the operation goes on by itself when the target answers
                again.
              </Alert>
            </div>
          ) : operation.lastError && active ? (
            <div className="mt-3">
              <Alert tone="warning" title="Waiting to try again">
                {operation.lastError}
              </Alert>
            </div>
          ) : null}
          {active && hasRole(actor.role, "operator") && operation.status !== "cancelling" ? (
            <div className="mt-3">
              <ActionForm
                label="Cancel the operation"
                action={cancelBulkAction}
                values={{ operationId: operation.id }}
                submitLabel="Cancel"
                tone="danger"
                confirm="Stop after the current batch? Jobs already changed stay changed."
              />
            </div>
          ) : null}
        </Panel>
        <Panel title="Scope">
          <pre className="whitespace-pre-wrap break-all font-mono text-xs">
            {JSON.stringify(operation.scope, null, 2)}
          </pre>
          <p className="mt-2 text-xs text-slate-500">
            In batches of {operation.batchSize} jobs
            {operation.pauseMs > 0
              ? `, each worker pausing ${operation.pauseMs} ms after each`
              : ""}
            , taken by whichever Switchyard instances are running. Each job was taken as it was at
            the preview and changed only if still so; a job a worker changed meanwhile is counted as
            skipped, never overwritten. The audit log records the start and the end.
          </p>
        </Panel>
      </div>
    </>
  );
}
