import { z } from "zod";
import { STUCK_CODES } from "../stuck/stuck-codes";
import { ACTION_CODES } from "./actions";

/** What the operator asks a bulk action to cover: a queue's filter, a selection, or a stuck rule. */
export const bulkRequestSchema = z.object({
  target: z.string().min(1).max(100),
  system: z.string().min(1).max(100),
  source: z.string().min(1).max(100),
  queue: z.string().min(1).max(200),
  action: z.enum(ACTION_CODES),
  /** The queue page's filter, as its URL carries it. */
  filter: z.record(z.string(), z.string().max(600)).default({}),
  ids: z.array(z.string().min(1).max(200)).max(5_000).optional(),
  stuck: z.enum(STUCK_CODES).optional(),
  reason: z.string().max(1000).optional(),
  /** Required above the typed-confirmation threshold: the number of jobs, typed by the operator. */
  confirmCount: z.coerce.number().int().min(0).optional(),
});

export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** Above this many jobs the operator types the number to confirm. */
export const TYPED_CONFIRMATION_OVER = 100;
/** The preview lists this many of the jobs. */
export const PREVIEW_SIZE = 20;
