import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { NotFoundError } from "@/lib/input-error";
import type { ActionCode } from "@/lib/jobs/actions";
import { applicableActions } from "../jobs/applicable-actions";
import { getJobRecord, getTimeline, type JobRecord, type TimelineEntry } from "../jobs/get-job";
import type { JobSource } from "../jobs/job-source";
import { type StuckJob, stuckReasonsOf } from "../stuck/find-stuck";
import { thresholdResolver } from "../stuck/thresholds";
import type { JobExplanation } from "../systems/adapter";
import type { SystemInstance } from "../systems/discover";
import { connectionFor } from "../targets/registry";
import { resolveSystem } from "./target-systems";

export interface JobView {
  target: TargetConfig;
  instance: SystemInstance;
  source: JobSource;
  job: JobRecord;
  timeline: TimelineEntry[];
  explanation: JobExplanation;
  /** The source's actions that apply to this job right now. */
  applicable: Set<ActionCode>;
  /** Why the job is stuck, by each rule that holds for it now (empty when none does). */
  stuck: StuckJob[];
}

/**
 * One job with its history and what its system says about it. A system with several job tables
 * is searched in order, unless `sourceId` says which table the id belongs to.
 */
export async function getJobView(
  targetId: string,
  systemId: string,
  jobId: string,
  sourceId?: string,
): Promise<JobView> {
  const { target, instance } = await resolveSystem(targetId, systemId);
  const connection = connectionFor(target);
  const candidates = sourceId
    ? instance.sources.filter((source) => source.id === sourceId)
    : instance.sources;
  for (const source of candidates) {
    const job = await getJobRecord(connection, source, jobId);
    if (!job) continue;
    const thresholdOf = await thresholdResolver(target, instance);
    const [timeline, explanation, applicable, stuck] = await Promise.all([
      getTimeline(connection, source, job.id),
      instance.adapter?.explain
        ? instance.adapter.explain(connection, instance.detection, job)
        : Promise.resolve({ facts: [], related: [] }),
      applicableActions(connection, source, job.id),
      stuckReasonsOf(connection, source, job, thresholdOf),
    ]);
    return { target, instance, source, job, timeline, explanation, applicable, stuck };
  }
  throw new NotFoundError("job", jobId, `no job "${jobId}" in ${systemId} on "${targetId}"`);
}
