import type { StuckConfig, SystemThresholds } from "../config/stuck-schema";
import { DEFAULT_THRESHOLDS, type StuckCode } from "./stuck-codes";

/** A threshold an admin set on the settings page ('' = every system / every queue). */
export interface ThresholdSetting {
  system: string;
  queue: string;
  code: StuckCode;
  seconds: number;
}

export interface ThresholdLayers {
  /** The system's own idea of normal (Coach Artie's document calls 5 minutes of processing stuck). */
  systemDefaults: SystemThresholds;
  config: StuckConfig;
  settings: readonly ThresholdSetting[];
}

export interface ResolvedThreshold {
  seconds: number;
  /** Where the number came from, for the settings page. */
  from: string;
}

/**
 * The threshold for one rule on one queue: the most specific of settings (queue, system, target),
 * then the config file (queue, system, target), then the system's default (queue, system), then
 * Switchyard's.
 */
export function resolveThreshold(
  code: StuckCode,
  system: string,
  queue: string,
  layers: ThresholdLayers,
): ResolvedThreshold {
  const setting = (systemKey: string, queueKey: string) =>
    layers.settings.find(
      (entry) => entry.code === code && entry.system === systemKey && entry.queue === queueKey,
    );
  const candidates: [number | undefined, string][] = [
    [setting(system, queue)?.seconds, "settings (queue)"],
    [setting(system, "")?.seconds, "settings (system)"],
    [setting("", "")?.seconds, "settings (target)"],
    [layers.config.systems[system]?.queues[queue]?.[code], "config file (queue)"],
    [layers.config.systems[system]?.[code], "config file (system)"],
    [layers.config[code], "config file (target)"],
    [layers.systemDefaults.queues?.[queue]?.[code], "system default (queue)"],
    [layers.systemDefaults[code], "system default"],
  ];
  for (const [seconds, from] of candidates) if (seconds !== undefined) return { seconds, from };
  return { seconds: DEFAULT_THRESHOLDS[code], from: "Switchyard default" };
}
