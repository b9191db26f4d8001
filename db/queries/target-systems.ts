import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { NotFoundError } from "@/lib/input-error";
import { cached } from "../cache";
import type { JobSource } from "../jobs/job-source";
import { discoverSystems, type SystemInstance, type TargetSystems } from "../systems/discover";
import { connectionFor, findTarget } from "../targets/registry";

/** Detection reads the catalog; schemas change rarely, so one inspection serves half a minute. */
const DISCOVERY_TTL_MS = 30_000;

export function targetSystems(target: TargetConfig): Promise<TargetSystems> {
  return cached(`systems:${target.id}`, DISCOVERY_TTL_MS, () =>
    discoverSystems(target, connectionFor(target)),
  );
}

export interface ResolvedSystem {
  target: TargetConfig;
  instance: SystemInstance;
}

/** The target and system a URL names, or a NotFoundError saying which part is unknown. */
export async function resolveSystem(targetId: string, systemId: string): Promise<ResolvedSystem> {
  const target = findTarget(targetId);
  if (!target) throw new NotFoundError("target", targetId);
  const systems = await targetSystems(target);
  const instance = systems.instances.find((candidate) => candidate.system === systemId);
  if (!instance) {
    throw new NotFoundError("system", systemId, `no system "${systemId}" on target "${targetId}"`);
  }
  return { target, instance };
}

/** The source holding a queue: by its fixed name, or (queue column) by the queues it lists. */
export function sourceForQueue(
  instance: SystemInstance,
  queue: string,
  queuesBySource: ReadonlyMap<string, readonly string[]>,
): JobSource | undefined {
  return instance.sources.find((source) =>
    source.queues.kind === "single"
      ? source.queues.name === queue
      : (queuesBySource.get(source.id) ?? []).includes(queue),
  );
}
