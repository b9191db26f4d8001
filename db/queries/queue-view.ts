import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { NotFoundError } from "@/lib/input-error";
import type { JobListQuery } from "@/lib/jobs/job-filter";
import { cached } from "../cache";
import { countStates, type QueueCounts } from "../jobs/count-states";
import type { JobSource } from "../jobs/job-source";
import { type JobPage, listJobs } from "../jobs/list-jobs";
import type { SystemInstance } from "../systems/discover";
import { connectionFor } from "../targets/registry";
import { queuesOf } from "./system-queues";
import { resolveSystem, sourceForQueue } from "./target-systems";

export interface ResolvedQueue {
  target: TargetConfig;
  instance: SystemInstance;
  source: JobSource;
  queue: string;
}

/** The queue a URL names, or a NotFoundError naming the unknown part. */
export async function resolveQueue(
  targetId: string,
  systemId: string,
  queue: string,
): Promise<ResolvedQueue> {
  const { target, instance } = await resolveSystem(targetId, systemId);
  const source = sourceForQueue(instance, queue, await queuesOf(target, instance));
  if (!source) {
    throw new NotFoundError("queue", queue, `no queue "${queue}" in ${systemId} on "${targetId}"`);
  }
  return { target, instance, source, queue };
}

/** One queue's counts, shared among its viewers for 3 s like the overview's. */
export function queueCounts(resolved: ResolvedQueue): Promise<QueueCounts> {
  const { target, instance, source, queue } = resolved;
  const key = `queue-counts:${target.id}:${instance.system}:${source.id}:${queue}`;
  return cached(key, 3_000, async () => {
    const counts = await countStates(connectionFor(target), source, [queue]);
    const found = counts.get(queue);
    if (!found) throw new Error(`no counts for queue ${queue}`);
    return found;
  });
}

export function queueJobs(resolved: ResolvedQueue, query: JobListQuery): Promise<JobPage> {
  return listJobs(
    connectionFor(resolved.target),
    resolved.source,
    resolved.queue,
    query.filter,
    query.cursor,
    query.limit,
  );
}
