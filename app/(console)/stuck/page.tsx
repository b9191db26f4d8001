import type { Metadata } from "next";
import Link from "next/link";
import { ReasonFilter, totalsByReason } from "@/components/stuck/reason-filter";
import { StuckGroup } from "@/components/stuck/stuck-group";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageRole } from "@/db/auth/page-guard";
import { stuckGroups } from "@/db/queries/stuck-groups";
import { getStuck } from "@/db/queries/stuck-view";
import { formatCount } from "@/lib/format";
import { toSearchParams } from "@/lib/http/search-params";
import { STUCK_LABELS, type StuckCode } from "@/lib/stuck/stuck-codes";
import { parseStuckParams, type StuckFilter } from "@/lib/stuck/stuck-filter";
import { actOnJobAction, startBulkAction } from "../queues/actions";

export const metadata: Metadata = { title: "Stuck tasks" };

/** Jobs listed per queue and reason on the whole-console view; a queue's own view lists all found. */
const JOBS_PER_GROUP = 5;

interface StuckPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function StuckPage({ searchParams }: StuckPageProps) {
  const actor = await requirePageRole("viewer");
  const parsed = parseStuckParams(toSearchParams(await searchParams));
  const filter: StuckFilter = parsed.ok ? parsed.value : {};
  const view = await getStuck();
  // Every reason's count stays visible in the reason links, so group before narrowing to one.
  const groups = await stuckGroups(view, { ...filter, reason: undefined }, actor);
  const shownGroups = [...groups.entries()].filter(
    ([code]) => !filter.reason || code === filter.reason,
  );
  const total = shownGroups
    .flatMap(([, list]) => list)
    .reduce((sum, group) => sum + group.count, 0);
  const scoped = filter.target || filter.system || filter.queue || filter.reason;

  return (
    <>
      <PageHeader
        title="Stuck tasks"
        description={
          <>
            {total === 0 ? "Nothing is stuck" : `${formatCount(total)} stuck`}
            {scoped ? ` in ${scopeText(filter)}` : " across every target"}. Thresholds per target,
            system and queue: the config file or{" "}
            <Link href="/admin/thresholds" className="underline">
              Stuck thresholds
            </Link>
            .
          </>
        }
        actions={<AutoRefresh defaultSeconds={15} />}
      />
      {parsed.ok ? null : (
        <div className="mb-4">
          <Alert tone="warning" title={`Ignored the filter: ${parsed.parameter}`}>
            {parsed.message}
          </Alert>
        </div>
      )}
      <ReasonFilter counts={totalsByReason(groups)} filter={filter} />
      {view.errors.map((entry) => (
        <div key={`${entry.target}/${entry.system ?? ""}`} className="mb-3">
          <Alert
            tone="warning"
            title={`${entry.target}${entry.system ? ` / ${entry.system}` : ""}: not checked`}
          >
            {entry.error.message}
          </Alert>
        </div>
      ))}
      <div className="flex flex-col gap-4">
        {shownGroups.map(([code, list]) => (
          <Panel
            key={code}
            title={`${STUCK_LABELS[code as StuckCode]} (${list.reduce((sum, group) => sum + group.count, 0)})`}
            aside={<span className="font-mono text-xs text-slate-500">{code}</span>}
          >
            <div className="flex flex-col gap-3">
              {list.map((group) => (
                <StuckGroup
                  key={`${group.target}/${group.system}/${group.source}/${group.queue}`}
                  group={group}
                  shown={filter.queue ? group.jobs.length : JOBS_PER_GROUP}
                  act={actOnJobAction}
                  start={startBulkAction}
                />
              ))}
            </div>
          </Panel>
        ))}
      </div>
    </>
  );
}

function scopeText(filter: StuckFilter): string {
  const place = [filter.target, filter.system, filter.queue].filter(Boolean).join(" / ");
  const reason = filter.reason ? STUCK_LABELS[filter.reason].toLowerCase() : "";
  return [place, reason && `as “${reason}”`].filter(Boolean).join(" ");
}
