import { defineReadRoute } from "@/db/actions/define-route";
import { getQueueHealth } from "@/db/queries/queue-health";

export const dynamic = "force-dynamic";

/** Every queue of every target with counts per canonical state and last-hour activity. */
export const GET = defineReadRoute("viewer", async () => {
  const targets = await getQueueHealth();
  return {
    queues: targets.flatMap((target) =>
      target.systems.flatMap((system) =>
        system.queues.map((queue) => ({
          target: queue.target,
          system: queue.system,
          queue: queue.queue,
          source: queue.source,
          counts: queue.counts,
          countsExact: queue.countsExact,
          oldestWaitingSeconds: roundOrNull(queue.activity.oldestWaitingSeconds),
          finishedLastHour: queue.activity.finishedLastHour,
          failedLastHour: queue.activity.failedLastHour,
          detectedBecause: system.because.join("; "),
        })),
      ),
    ),
    unavailable: targets.flatMap((target) => [
      ...(target.health.reachable
        ? []
        : [{ target: target.target.id, error: target.health.error ?? "unreachable" }]),
      ...(target.error ? [{ target: target.target.id, error: target.error.message }] : []),
      ...target.systems.flatMap((system) =>
        system.errors.map((failure) => ({
          target: target.target.id,
          system: system.system,
          source: failure.source,
          error: failure.error.message,
        })),
      ),
    ]),
  };
});

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
