import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { cached } from "../cache";
import { listQueues } from "../jobs/list-queues";
import type { SystemInstance } from "../systems/discover";
import { connectionFor } from "../targets/registry";

/** Queue names per source of a system; new queue names appear rarely, so they are shared for 15 s. */
export function queuesOf(
  target: TargetConfig,
  instance: SystemInstance,
): Promise<Map<string, string[]>> {
  return cached(`queues:${target.id}:${instance.system}`, 15_000, async () => {
    const connection = connectionFor(target);
    const entries = await Promise.all(
      instance.sources.map(
        async (source) => [source.id, await listQueues(connection, source)] as const,
      ),
    );
    return new Map(entries);
  });
}
