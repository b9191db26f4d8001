import "server-only";
import { type PanelError, panelError } from "@/lib/panel-error";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import { cached } from "../cache";
import { findStuck, type StuckCount, type StuckJob } from "../stuck/find-stuck";
import { thresholdResolver } from "../stuck/thresholds";
import { connectionFor, listTargets } from "../targets/registry";
import { queuesOf } from "./system-queues";
import { targetSystems } from "./target-systems";

export interface StuckEntry extends StuckJob {
  target: string;
  system: string;
}

export interface StuckTally extends StuckCount {
  target: string;
  system: string;
  source: string;
}

export interface StuckView {
  jobs: StuckEntry[];
  counts: StuckTally[];
  /** Systems whose stuck queries failed (a timeout, an unreachable target), said per panel. */
  errors: { target: string; system?: string; error: PanelError }[];
}

/** Stuck jobs of every target, longest-stuck first; one shared read every few seconds. */
export function getStuck(): Promise<StuckView> {
  return cached("stuck", 5_000, async () => {
    const view: StuckView = { jobs: [], counts: [], errors: [] };
    await Promise.all(
      listTargets().map(async (target) => {
        let systems: Awaited<ReturnType<typeof targetSystems>>;
        try {
          systems = await targetSystems(target);
        } catch (error) {
          view.errors.push({
            target: target.id,
            error: panelError(error, target.statementTimeoutMs),
          });
          return;
        }
        for (const instance of systems.instances) {
          try {
            const queues = await queuesOf(target, instance);
            const thresholdOf = await thresholdResolver(target, instance);
            for (const source of instance.sources) {
              const found = await findStuck(
                connectionFor(target),
                source,
                queues.get(source.id) ?? [],
                thresholdOf,
              );
              const where = { target: target.id, system: instance.system };
              view.jobs.push(...found.jobs.map((job) => ({ ...job, ...where })));
              view.counts.push(
                ...found.counts.map((count) => ({ ...count, ...where, source: source.id })),
              );
            }
          } catch (error) {
            view.errors.push({
              target: target.id,
              system: instance.system,
              error: panelError(error, target.statementTimeoutMs),
            });
          }
        }
      }),
    );
    view.jobs.sort((a, b) => b.ageSeconds - a.ageSeconds);
    return view;
  });
}

/** Stuck count per queue (all reasons), for the overview. */
export function stuckByQueue(view: StuckView): Map<string, { count: number; codes: StuckCode[] }> {
  const byQueue = new Map<string, { count: number; codes: StuckCode[] }>();
  for (const tally of view.counts) {
    const key = `${tally.target}/${tally.system}/${tally.queue}`;
    const entry = byQueue.get(key) ?? { count: 0, codes: [] };
    entry.count += tally.count;
    if (!entry.codes.includes(tally.code)) entry.codes.push(tally.code);
    byQueue.set(key, entry);
  }
  return byQueue;
}
