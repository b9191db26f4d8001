import "server-only";
import type { TargetConfig } from "@/lib/config/schema";
import { emptyCounts, type StateCounts } from "@/lib/jobs/job-state";
import { type PanelError, panelError } from "@/lib/panel-error";
import { passwordOf, redactSecrets } from "@/lib/redact";
import { cached } from "../cache";
import { type BucketCount, countStates } from "../jobs/count-states";
import type { JobRole, JobSource } from "../jobs/job-source";
import { idleActivity, type QueueActivity, queueActivity } from "../jobs/queue-activity";
import type { SystemAbsence, SystemInstance } from "../systems/discover";
import type { TargetHealth } from "../targets/health";
import { connectionFor, listTargets } from "../targets/registry";
import { lastSeen } from "../targets/target-status";
import { queuesOf } from "./system-queues";
import { checkAllTargets } from "./target-health";
import { targetSystems } from "./target-systems";

export interface QueueHealth {
  target: string;
  system: string;
  queue: string;
  source: string;
  sourceLabel: string;
  counts: StateCounts;
  countsExact: boolean;
  buckets: BucketCount[];
  activity: QueueActivity;
  notes: Partial<Record<JobRole, string>>;
}

export interface SystemHealth {
  system: string;
  name: string;
  because: string[];
  missing: string[];
  queues: QueueHealth[];
  /** A source whose numbers could not be read (timeout, permissions): its queues are absent. */
  errors: { source: string; error: PanelError }[];
}

export interface TargetQueueHealth {
  target: Pick<TargetConfig, "id" | "name" | "kind" | "readOnly">;
  health: TargetHealth;
  lastSeenAt: Date | null;
  systems: SystemHealth[];
  absent: SystemAbsence[];
  problems: string[];
  error: PanelError | null;
}

/** Every target → system → queue with counts and activity; one shared read per 3 s for all viewers. */
export function getQueueHealth(): Promise<TargetQueueHealth[]> {
  return cached("queue-health", 3_000, async () => {
    const targets = listTargets();
    const healths = await checkAllTargets();
    const seen = await lastSeen(healths.filter((h) => !h.reachable).map((h) => h.id));
    return Promise.all(
      targets.map((target, index) => targetHealth(target, healths[index] as TargetHealth, seen)),
    );
  });
}

async function targetHealth(
  target: TargetConfig,
  health: TargetHealth,
  seen: Map<string, Date>,
): Promise<TargetQueueHealth> {
  const base = {
    target: { id: target.id, name: target.name, kind: target.kind, readOnly: target.readOnly },
    health,
    lastSeenAt: health.reachable ? null : (seen.get(target.id) ?? null),
  };
  if (!health.reachable) return { ...base, systems: [], absent: [], problems: [], error: null };
  try {
    const systems = await targetSystems(target);
    return {
      ...base,
      systems: await Promise.all(
        systems.instances.map((instance) => systemHealth(target, instance)),
      ),
      absent: systems.absent,
      problems: systems.problems,
      error: null,
    };
  } catch (error) {
    return { ...base, systems: [], absent: [], problems: [], error: redacted(target, error) };
  }
}

async function systemHealth(target: TargetConfig, instance: SystemInstance): Promise<SystemHealth> {
  const result: SystemHealth = {
    system: instance.system,
    name: instance.name,
    because: instance.detection.because,
    missing: instance.detection.missing,
    queues: [],
    errors: [],
  };
  let queues: Map<string, string[]>;
  try {
    queues = await queuesOf(target, instance);
  } catch (error) {
    result.errors.push({ source: "queues", error: redacted(target, error) });
    return result;
  }
  for (const source of instance.sources) {
    try {
      result.queues.push(
        ...(await sourceHealth(target, instance, source, queues.get(source.id) ?? [])),
      );
    } catch (error) {
      result.errors.push({ source: source.label, error: redacted(target, error) });
    }
  }
  return result;
}

async function sourceHealth(
  target: TargetConfig,
  instance: SystemInstance,
  source: JobSource,
  queues: string[],
): Promise<QueueHealth[]> {
  const connection = connectionFor(target);
  const [counts, activity] = await Promise.all([
    countStates(connection, source, queues),
    queueActivity(connection, source),
  ]);
  return queues.map((queue) => {
    const counted = counts.get(queue);
    return {
      target: target.id,
      system: instance.system,
      queue,
      source: source.id,
      sourceLabel: source.label,
      counts: counted?.counts ?? emptyCounts(),
      countsExact: counted?.exact ?? true,
      buckets: counted?.buckets ?? [],
      activity: activity.get(queue) ?? idleActivity(source),
      notes: source.notes ?? {},
    };
  });
}

function redacted(target: TargetConfig, error: unknown): PanelError {
  const described = panelError(error, target.statementTimeoutMs);
  const secrets = target.kind === "postgres" ? [passwordOf(target.url) ?? ""] : [];
  return { ...described, message: redactSecrets(described.message, secrets) };
}
