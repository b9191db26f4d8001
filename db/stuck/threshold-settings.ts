import { and, eq } from "drizzle-orm";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import type { HomeExecutor } from "../home-executor";
import { stuckThresholds } from "../schema";

export interface ThresholdChange {
  target: string;
  system: string;
  queue: string;
  code: StuckCode;
  /** null removes the setting (the config file or defaults apply again). */
  seconds: number | null;
}

/** Sets or clears one threshold on the settings page; returns what it was before. */
export async function saveThreshold(
  executor: HomeExecutor,
  change: ThresholdChange,
  updatedBy: string,
): Promise<number | null> {
  const key = and(
    eq(stuckThresholds.target, change.target),
    eq(stuckThresholds.system, change.system),
    eq(stuckThresholds.queue, change.queue),
    eq(stuckThresholds.code, change.code),
  );
  const [before] = await executor
    .select({ seconds: stuckThresholds.seconds })
    .from(stuckThresholds)
    .where(key);
  if (change.seconds === null) {
    await executor.delete(stuckThresholds).where(key);
  } else {
    await executor
      .insert(stuckThresholds)
      .values({ ...change, seconds: change.seconds, updatedBy })
      .onConflictDoUpdate({
        target: [
          stuckThresholds.target,
          stuckThresholds.system,
          stuckThresholds.queue,
          stuckThresholds.code,
        ],
        set: { seconds: change.seconds, updatedBy, updatedAt: new Date() },
      });
  }
  return before?.seconds ?? null;
}
