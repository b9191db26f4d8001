import { z } from "zod";
import { parseParams } from "../parse-params";
import { JOB_STATES, type JobState } from "./job-state";

export interface JobFilter {
  state?: JobState;
  rawState?: string;
  type?: string;
  createdFrom?: Date;
  createdTo?: Date;
  id?: string;
}

export interface JobListQuery {
  filter: JobFilter;
  /** The signed cursor as given; the queue's list verifies it (lib/cursor.ts). */
  cursor: string | null;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || undefined)
  .optional();

const optionalDate = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    if (!value) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "expected an ISO date or date-time" });
      return z.NEVER;
    }
    return date;
  })
  .optional();

const paramsSchema = z.object({
  state: z
    .string()
    .transform((value) => value || undefined)
    .pipe(z.enum(JOB_STATES, { error: `expected one of ${JOB_STATES.join(", ")}` }).optional())
    .optional(),
  rawState: optionalText,
  type: optionalText,
  from: optionalDate,
  to: optionalDate,
  id: optionalText,
  cursor: z.string().optional(),
  limit: z
    .preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number({ error: "expected a number" }).optional(),
    )
    .pipe(
      z
        .number()
        .int({ error: "expected a whole number" })
        .min(1, { error: "expected at least 1" })
        .max(MAX_PAGE_SIZE, { error: `expected at most ${MAX_PAGE_SIZE}` })
        .optional(),
    ),
});

export type JobListParseResult =
  | { ok: true; query: JobListQuery }
  | { ok: false; parameter: string; message: string };

/** Reads a job list request from URL search params; errors name the parameter. */
export function parseJobListParams(params: URLSearchParams): JobListParseResult {
  const parsed = parseParams(paramsSchema, params, [
    "state",
    "rawState",
    "type",
    "from",
    "to",
    "id",
    "cursor",
    "limit",
  ]);
  if (!parsed.ok) return parsed;
  const { state, rawState, type, from, to, id, cursor, limit } = parsed.value;
  const filter: JobFilter = {};
  if (state) filter.state = state;
  if (rawState) filter.rawState = rawState;
  if (type) filter.type = type;
  if (from) filter.createdFrom = from;
  if (to) filter.createdTo = to;
  if (id) filter.id = id;
  return { ok: true, query: { filter, cursor: cursor || null, limit: limit ?? DEFAULT_PAGE_SIZE } };
}
