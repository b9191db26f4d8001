import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BulkBar, BulkSelection } from "@/components/bulk/bulk-selection";
import { IndexAdvicePanel } from "@/components/queues/index-advice-panel";
import { JobFilters } from "@/components/queues/job-filters";
import { JobTable } from "@/components/queues/job-table";
import { MissingValuesAlert } from "@/components/queues/missing-values-alert";
import { RawBreakdown } from "@/components/queues/raw-breakdown";
import { StateTabs } from "@/components/queues/state-tabs";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { InvalidCursorAlert } from "@/components/ui/invalid-cursor-alert";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { requirePageRole } from "@/db/auth/page-guard";
import { knownRawStates } from "@/db/jobs/canonical-sql";
import { indexAdviceOf } from "@/db/queries/index-advice-view";
import { queueCounts, queueJobs, queueMissingValues, resolveQueue } from "@/db/queries/queue-view";
import { appCursors } from "@/db/signing-keys";
import { actionBlocker } from "@/lib/auth/action-blocker";
import { InvalidCursorError } from "@/lib/cursor";
import { formatCount } from "@/lib/format";
import { decodeParam } from "@/lib/http/json-route";
import { toSearchParams } from "@/lib/http/search-params";
import { NotFoundError } from "@/lib/input-error";
import { parseJobListParams } from "@/lib/jobs/job-filter";
import type { JobState } from "@/lib/jobs/job-state";
import { panelError } from "@/lib/panel-error";
import { queueHref, targetAnchor } from "@/lib/urls";
import { startBulkAction } from "../../../actions";

interface QueuePageProps {
  params: Promise<{ target: string; system: string; queue: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: QueuePageProps): Promise<Metadata> {
  const { queue } = await params;
  return { title: `Queue ${decodeParam(queue)}` };
}

export default async function QueuePage({ params, searchParams }: QueuePageProps) {
  const actor = await requirePageRole("viewer");
  const names = await params;
  const [targetId, systemId, queue] = [names.target, names.system, names.queue].map(
    decodeParam,
  ) as [string, string, string];
  const search = toSearchParams(await searchParams);
  const resolved = await resolveQueue(targetId, systemId, queue).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { source, instance } = resolved;
  const parsed = parseJobListParams(search);
  const query = parsed.ok ? parsed.query : { filter: {}, cursor: null, limit: 50 };
  const state = query.filter.state;

  const link = (changes: Record<string, string | undefined>) => {
    const next = Object.fromEntries(search.entries());
    delete next.cursor;
    return queueHref(targetId, systemId, queue, { ...next, ...changes });
  };
  const [counts, page, advice, missing] = await Promise.allSettled([
    queueCounts(resolved),
    appCursors().then((cursors) => queueJobs(resolved, query, cursors)),
    indexAdviceOf(resolved),
    queueMissingValues(resolved),
  ]);
  const multiSource = instance.sources.length > 1;
  const canAct = actionBlocker(actor, resolved.target) === null;
  const bulkActions = canAct ? (source.actions?.supported ?? []).map((action) => action.code) : [];
  const filterParams = Object.fromEntries(
    [...search.entries()].filter(([key]) =>
      ["state", "rawState", "type", "from", "to", "id"].includes(key),
    ),
  );
  const matching =
    counts.status === "fulfilled"
      ? formatCount(
          state
            ? counts.value.counts[state]
            : Object.values(counts.value.counts).reduce((sum, n) => sum + n, 0),
          counts.value.exact ? "exact" : "estimate",
        )
      : "?";

  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Overview", href: "/" },
          { label: resolved.target.name, href: `/#${targetAnchor(targetId)}` },
          { label: instance.name, href: `/#${targetAnchor(targetId)}` },
          { label: queue },
        ]}
      />
      <PageHeader
        title={queue}
        description={
          <>
            {source.label} of {instance.name} on {resolved.target.name}
            {Object.values(source.notes ?? {}).map((note) => (
              <span key={note} className="block text-xs text-amber-800">
                {note}
              </span>
            ))}
          </>
        }
        actions={<AutoRefresh />}
      />
      {parsed.ok ? null : (
        <Alert tone="warning" title={`Ignored the filter: ${parsed.parameter}`}>
          {parsed.message}
        </Alert>
      )}
      {counts.status === "fulfilled" ? (
        <>
          <StateTabs
            counts={counts.value}
            active={state}
            href={(next: JobState | undefined) => link({ state: next })}
          />
          <RawBreakdown
            buckets={counts.value.buckets}
            href={(raw) => link({ rawState: raw, state: undefined })}
          />
        </>
      ) : (
        <Alert tone="warning" title="Counts unavailable">
          {panelError(counts.reason, resolved.target.statementTimeoutMs).message}
        </Alert>
      )}
      {missing.status === "fulfilled" ? <MissingValuesAlert missing={missing.value} /> : null}
      <JobFilters
        filter={query.filter}
        state={state}
        rawStates={knownRawStates(source)}
        hasType={source.columns.type !== undefined}
        resetHref={queueHref(targetId, systemId, queue, { state })}
      />
      <BulkSelection>
        <BulkBar
          request={{
            target: targetId,
            system: systemId,
            source: source.id,
            queue,
            filter: filterParams,
          }}
          actions={bulkActions}
          matching={matching}
          start={startBulkAction}
        />
        <div className="mt-4">
          {page.status === "fulfilled" ? (
            <>
              <JobTable
                selectable={bulkActions.length > 0}
                jobs={page.value.jobs}
                target={targetId}
                system={systemId}
                sourceId={multiSource ? source.id : undefined}
                shows={{
                  type: source.columns.type !== undefined,
                  started: source.columns.startedAt !== undefined,
                  finished: source.columns.finishedAt !== undefined,
                  attempts: source.columns.attempts !== undefined,
                }}
              />
              <Pager
                noun="jobs"
                firstHref={query.cursor ? link({}) : null}
                nextHref={page.value.nextCursor ? link({ cursor: page.value.nextCursor }) : null}
              />
            </>
          ) : page.reason instanceof InvalidCursorError ? (
            <InvalidCursorAlert firstHref={link({})} />
          ) : (
            <Alert tone="warning" title="Jobs unavailable">
              {panelError(page.reason, resolved.target.statementTimeoutMs).message}
            </Alert>
          )}
        </div>
      </BulkSelection>
      {advice.status === "fulfilled" ? <IndexAdvicePanel advice={advice.value} /> : null}
    </>
  );
}
