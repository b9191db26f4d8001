import "server-only";
import { eq } from "drizzle-orm";
import type { TargetConfig } from "@/lib/config/schema";
import { resolveThreshold, type ThresholdSetting } from "@/lib/stuck/resolve-threshold";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import { cached } from "../cache";
import { home } from "../index";
import { stuckThresholds } from "../schema";
import type { SystemInstance } from "../systems/discover";

/** Thresholds admins set on the settings page, for one target (shared for a few seconds). */
export function thresholdSettings(targetId: string): Promise<ThresholdSetting[]> {
  return cached(`thresholds:${targetId}`, 5_000, async () => {
    const rows = await home()
      .db.select()
      .from(stuckThresholds)
      .where(eq(stuckThresholds.target, targetId));
    return rows.map((row) => ({
      system: row.system,
      queue: row.queue,
      code: row.code as StuckCode,
      seconds: row.seconds,
    }));
  });
}

/** The threshold of each rule on each queue of a system: settings, then config, then defaults. */
export async function thresholdResolver(
  target: TargetConfig,
  instance: SystemInstance,
): Promise<(code: StuckCode, queue: string) => number> {
  const settings = await thresholdSettings(target.id).catch(() => []);
  const layers = {
    systemDefaults: instance.adapter?.stuckThresholds ?? {},
    config: target.stuck,
    settings,
  };
  return (code, queue) => resolveThreshold(code, instance.system, queue, layers).seconds;
}
