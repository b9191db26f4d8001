import { z } from "zod";
import { parseDuration } from "../duration";
import { STUCK_CODES, type StuckCode } from "../stuck/stuck-codes";

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds = parseDuration(value);
  if (seconds === null) {
    ctx.addIssue({
      code: "custom",
      message: 'expected a duration such as "90s", "15m", "2h" or seconds',
    });
    return z.NEVER;
  }
  return seconds;
});

const thresholdKeys = Object.fromEntries(
  STUCK_CODES.map((code) => [code, duration.optional()]),
) as Record<StuckCode, z.ZodOptional<typeof duration>>;

const queueThresholds = z.strictObject(thresholdKeys);

const systemThresholds = z.strictObject({
  ...thresholdKeys,
  queues: z.record(z.string(), queueThresholds).default({}),
});

/**
 * Stuck thresholds of one target: target-wide values, then per system, then per queue; the most
 * specific wins. Unset ones fall back to the system's own defaults, then Switchyard's.
 */
export const stuckConfigSchema = z.strictObject({
  ...thresholdKeys,
  systems: z.record(z.string(), systemThresholds).default({}),
});

export type Thresholds = Partial<Record<StuckCode, number>>;
/** Thresholds for a whole system, with exceptions for some of its queues. */
export type SystemThresholds = Thresholds & { queues?: Record<string, Thresholds> };
export type StuckConfig = Thresholds & {
  systems: Record<string, Thresholds & { queues: Record<string, Thresholds> }>;
};

export const EMPTY_STUCK_CONFIG: StuckConfig = { systems: {} };
