import { TargetQueues } from "@/components/queues/target-queues";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/db/auth/page-guard";
import { getQueueHealth } from "@/db/queries/queue-health";
import { getStuck, stuckByQueue } from "@/db/queries/stuck-view";
import type { StuckCode } from "@/lib/stuck/stuck-codes";

export default async function OverviewPage() {
  await requirePageRole("viewer");
  const [targets, stuck] = await Promise.all([
    getQueueHealth(),
    getStuck().then(stuckByQueue, () => new Map<string, { count: number; codes: StuckCode[] }>()),
  ]);
  const down = targets.filter((target) => !target.health.reachable).length;
  const queues = targets.reduce(
    (sum, target) => sum + target.systems.reduce((n, system) => n + system.queues.length, 0),
    0,
  );
  const estimated = targets.some((target) =>
    target.systems.some((system) => system.queues.some((queue) => !queue.countsExact)),
  );
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            {down > 0
              ? `${down} of ${targets.length} targets unreachable`
              : `${targets.length} targets, all reachable`}{" "}
            · {queues} queues
            {estimated ? " · ≈ marks counts estimated from planner statistics" : ""}
          </>
        }
        actions={<AutoRefresh />}
      />
      <div className="flex flex-col gap-4">
        {targets.map((entry) => (
          <TargetQueues key={entry.target.id} entry={entry} stuck={stuck} />
        ))}
      </div>
    </>
  );
}
