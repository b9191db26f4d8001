import "server-only";
import { hasRole } from "@/lib/auth/roles";
import type { ActionCode } from "@/lib/jobs/actions";
import { STUCK_CODES, type StuckCode } from "@/lib/stuck/stuck-codes";
import { matchesStuck, type StuckFilter } from "@/lib/stuck/stuck-filter";
import type { Actor } from "../auth/request-context";
import { rulesOf } from "../stuck/find-stuck";
import { connectionFor, findTarget } from "../targets/registry";
import type { StuckEntry, StuckView } from "./stuck-view";
import { targetSystems } from "./target-systems";

export interface StuckGroupData {
  target: string;
  system: string;
  source: string;
  queue: string;
  code: StuckCode;
  count: number;
  exact: boolean;
  jobs: StuckEntry[];
  /** The suggested action, when the caller may run it here and the system supports it. */
  action: { code: ActionCode; writes: string } | null;
  /** Whether the rule can scope a bulk action (rules on the job table can). */
  bulk: boolean;
}

/**
 * The stuck view grouped by reason, then queue, with each group's suggested action where the
 * caller may run it (operator or more, writable target, supported by the system).
 */
export async function stuckGroups(
  view: StuckView,
  filter: StuckFilter,
  actor: Actor,
): Promise<Map<StuckCode, StuckGroupData[]>> {
  const groups = new Map<string, StuckGroupData>();
  for (const tally of view.counts.filter((entry) => matchesStuck(filter, entry))) {
    const key = `${tally.code}|${tally.target}|${tally.system}|${tally.source}|${tally.queue}`;
    groups.set(key, {
      target: tally.target,
      system: tally.system,
      source: tally.source,
      queue: tally.queue,
      code: tally.code,
      count: tally.count,
      exact: tally.exact,
      jobs: view.jobs.filter(
        (job) => `${job.code}|${job.target}|${job.system}|${job.source}|${job.queue}` === key,
      ),
      ...(await actionFor(tally, actor)),
    });
  }
  const byReason = new Map<StuckCode, StuckGroupData[]>();
  for (const code of STUCK_CODES) {
    const list = [...groups.values()]
      .filter((group) => group.code === code)
      .sort((a, b) => b.count - a.count);
    if (list.length > 0) byReason.set(code, list);
  }
  return byReason;
}

async function actionFor(
  tally: { target: string; system: string; source: string; code: StuckCode },
  actor: Actor,
): Promise<Pick<StuckGroupData, "action" | "bulk">> {
  const target = findTarget(tally.target);
  if (!target || target.readOnly || !hasRole(actor.role, "operator"))
    return { action: null, bulk: false };
  const systems = await targetSystems(target).catch(() => null);
  const source = systems?.instances
    .find((instance) => instance.system === tally.system)
    ?.sources.find((candidate) => candidate.id === tally.source);
  if (!source) return { action: null, bulk: false };
  const rule = rulesOf(connectionFor(target), source).find(
    (candidate) => candidate.code === tally.code,
  );
  const supported = source.actions?.supported.find(
    (action) => action.code === rule?.suggestedAction,
  );
  return {
    action: supported ? { code: supported.code, writes: supported.writes } : null,
    bulk: rule !== undefined && rule.kind !== "custom",
  };
}
