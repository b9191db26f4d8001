import { z } from "zod";
import { type ParamsResult, parseParams } from "../parse-params";
import { STUCK_CODES, type StuckCode } from "./stuck-codes";

/** Which stuck jobs to show: one place (target, system, queue) and/or one reason. */
export interface StuckFilter {
  target?: string;
  system?: string;
  queue?: string;
  reason?: StuckCode;
}

const name = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || undefined)
  .optional();

const schema = z.object({
  target: name,
  system: name,
  queue: name,
  reason: z
    .string()
    .transform((value) => value || undefined)
    .pipe(z.enum(STUCK_CODES, { error: `expected one of ${STUCK_CODES.join(", ")}` }).optional())
    .optional(),
});

/** The stuck page's (and API's) filter from URL search params. */
export function parseStuckParams(params: URLSearchParams): ParamsResult<StuckFilter> {
  const parsed = parseParams(schema, params, ["target", "system", "queue", "reason"]);
  if (!parsed.ok) return parsed;
  const filter: StuckFilter = Object.fromEntries(
    Object.entries(parsed.value).filter(([, value]) => value !== undefined),
  );
  return { ok: true, value: filter };
}

export function matchesStuck(
  filter: StuckFilter,
  entry: { target: string; system: string; queue: string; code: StuckCode },
): boolean {
  return (
    (!filter.target || entry.target === filter.target) &&
    (!filter.system || entry.system === filter.system) &&
    (!filter.queue || entry.queue === filter.queue) &&
    (!filter.reason || entry.code === filter.reason)
  );
}
