import { z } from "zod";

/** How bulk actions run on one target. */
export const bulkConfigSchema = z.strictObject({
  /** At most this many jobs in one bulk operation. */
  maxJobs: z.number().int().min(1).max(1_000_000).default(50_000),
  /** Jobs per target transaction (at most 500). */
  batchSize: z.number().int().min(1).max(500).default(500),
  /** A pause between batches, to go easy on a busy database. */
  pauseMs: z.number().int().min(0).max(60_000).default(0),
});

export type BulkConfig = z.infer<typeof bulkConfigSchema>;

export const DEFAULT_BULK_CONFIG: BulkConfig = bulkConfigSchema.parse({});
