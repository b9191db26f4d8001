import { closeConnection, type TargetConnection } from "@/db/targets/connect";
import { describeDatabaseError } from "@/lib/database-error";
import { connectDemoTarget, type DemoTarget } from "./prepare-databases";

export interface Simulator {
  stop(): Promise<void>;
}

const TICK_MS = 2_000;

/** Keeps the demo alive: every couple of seconds, one tick of traffic per system. */
export function startSimulator(systems: DemoTarget[], log: (line: string) => void): Simulator {
  const connections = new Map<string, TargetConnection>(
    systems.map((target) => [target.id, connectDemoTarget(target)]),
  );
  const lastError = new Map<string, string>();
  let stopped = false;
  let busy = false;
  let running: Promise<void> = Promise.resolve();

  const tickAll = async () => {
    await Promise.all(
      systems.map(async (target) => {
        const connection = connections.get(target.id);
        if (!connection) return;
        try {
          await target.fixture.tick(connection);
          lastError.delete(target.id);
        } catch (error) {
          const message = describeDatabaseError(error);
          // Say it once, not every two seconds.
          if (lastError.get(target.id) !== message) log(`simulator: ${target.id}: ${message}`);
          lastError.set(target.id, message);
        }
      }),
    );
  };

  const timer = setInterval(() => {
    if (stopped || busy) return; // a slow tick is skipped, never queued
    busy = true;
    running = tickAll().finally(() => {
      busy = false;
    });
  }, TICK_MS);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...connections.values()].map(closeConnection));
    },
  };
}
