import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { actOnJobAction } from "@/app/(console)/queues/actions";
import { JobActionsPanel } from "@/components/jobs/job-actions-panel";
import { JobExplanationPanel } from "@/components/jobs/job-explanation";
import { JobFacts } from "@/components/jobs/job-facts";
import { JobFields } from "@/components/jobs/job-fields";
import { JobTimeline } from "@/components/jobs/job-timeline";
import { JobStuckReasons } from "@/components/stuck/job-stuck-reasons";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { StateBadge } from "@/components/ui/state-badge";
import { requirePageRole } from "@/db/auth/page-guard";
import { getJobView } from "@/db/queries/job-view";
import { tableKey } from "@/db/tables/table-ownership";
import { actionBlocker } from "@/lib/auth/action-blocker";
import { decodeParam } from "@/lib/http/json-route";
import { NotFoundError } from "@/lib/input-error";
import { formatFilter } from "@/lib/tables/filter";
import { tableHref } from "@/lib/tables/table-urls";
import { queueHref, targetAnchor } from "@/lib/urls";

interface JobPageProps {
  params: Promise<{ target: string; system: string; jobId: string }>;
  searchParams: Promise<{ source?: string }>;
}

export async function generateMetadata({ params }: JobPageProps): Promise<Metadata> {
  const { jobId } = await params;
  return { title: `Job ${decodeParam(jobId)}` };
}

export default async function JobPage({ params, searchParams }: JobPageProps) {
  const actor = await requirePageRole("viewer");
  const names = await params;
  const { source: sourceId } = await searchParams;
  const [targetId, systemId, jobId] = [names.target, names.system, names.jobId].map(
    decodeParam,
  ) as [string, string, string];
  const view = await getJobView(targetId, systemId, jobId, sourceId).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { job, instance, target, source } = view;
  const rowHref = tableHref(targetId, tableKey(source.table, target.kind), {
    filter: [formatFilter({ column: source.columns.id.name, op: "eq", value: job.id })],
  });

  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Overview", href: "/" },
          { label: target.name, href: `/#${targetAnchor(targetId)}` },
          { label: job.queue, href: queueHref(targetId, systemId, job.queue) },
          { label: job.id },
        ]}
      />
      <PageHeader
        title={`Job ${job.id}`}
        description={
          <span className="flex items-center gap-2">
            <StateBadge state={job.state} raw={job.rawState} />
            <span>
              {source.label} of {instance.name} on {target.name}
            </span>
          </span>
        }
      />
      <div className="flex flex-col gap-4">
        <JobStuckReasons
          reasons={view.stuck}
          offered={(source.actions?.supported ?? []).map((action) => action.code)}
        />
        <Panel title="Summary">
          <JobFacts job={job} />
        </Panel>
        <Panel title={`Why it is ${job.state}`}>
          <JobExplanationPanel explanation={view.explanation} target={targetId} system={systemId} />
        </Panel>
        <Panel title="Actions">
          <JobActionsPanel
            job={{
              target: targetId,
              system: systemId,
              source: source.id,
              jobId: job.id,
              seenState: job.rawState,
              seenVersion: job.version,
            }}
            supported={source.actions?.supported ?? []}
            unsupported={source.actions?.unsupported ?? []}
            applicable={view.applicable}
            blockedBecause={actionBlocker(actor, target)}
            act={actOnJobAction}
          />
        </Panel>
        {job.error ? (
          <Panel title="Error">
            <pre className="whitespace-pre-wrap break-words rounded-md bg-red-50 p-3 text-sm text-red-900">
              {typeof job.error === "string" ? job.error : JSON.stringify(job.error, null, 2)}
            </pre>
          </Panel>
        ) : null}
        {job.payload !== null ? (
          <Panel title="Payload">
            <JsonView value={job.payload} />
          </Panel>
        ) : null}
        {job.result !== null ? (
          <Panel title="Result">
            <JsonView value={job.result} />
          </Panel>
        ) : null}
        <Panel
          title="History"
          aside={<span className="text-xs text-slate-500">{source.history?.label}</span>}
        >
          <JobTimeline entries={view.timeline} source={source.history?.label ?? null} />
        </Panel>
        <Panel
          title="All fields"
          aside={
            <Link href={rowHref} className="text-xs text-sky-800 hover:underline">
              Open its row in Tables
            </Link>
          }
        >
          <JobFields fields={job.fields} />
        </Panel>
      </div>
    </>
  );
}
