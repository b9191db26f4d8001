import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { type CursorCodec, cursorScope, decodeCursor, encodeCursor } from "@/lib/cursor";
import { NotFoundError } from "@/lib/input-error";
import type { JobListQuery } from "@/lib/jobs/job-filter";
import { cached } from "../cache";
import { countStates, type QueueCounts } from "../jobs/count-states";
import type { JobSource } from "../jobs/job-source";
import { type JobSummary, listJobs } from "../jobs/list-jobs";
import { type MissingValues, missingRequiredValues } from "../jobs/missing-values";
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

/** Rows of the queue with NULL in a required column, shared among its viewers for 30 s. */
export function queueMissingValues(resolved: ResolvedQueue): Promise<MissingValues> {
  const { target, instance, source, queue } = resolved;
  const key = `missing-values:${target.id}:${instance.system}:${source.id}:${queue}`;
  return cached(key, 30_000, () => missingRequiredValues(connectionFor(target), source, queue));
}

/** One keyset page of a queue's jobs: the given cursor verified for this queue, the next one signed. */
export async function queueJobs(
  resolved: ResolvedQueue,
  query: JobListQuery,
  cursors: CursorCodec,
): Promise<{ jobs: JobSummary[]; nextCursor: string | null }> {
  const { target, instance, source, queue } = resolved;
  const scope = cursorScope.jobs(target.id, instance.system, source.id, queue);
  const page = await listJobs(
    connectionFor(target),
    source,
    queue,
    query.filter,
    query.cursor ? decodeCursor(cursors, scope, query.cursor) : null,
    query.limit,
  );
  return {
    jobs: page.jobs,
    nextCursor: page.next ? encodeCursor(cursors, scope, page.next) : null,
  };
}
