import { z } from "zod";

/** How pending migrations of a target are reviewed and applied. */
export const applyConfigSchema = z.strictObject({
  /** Whether the operator who requested a review may approve it too (default: nobody may). */
  allowSelfApproval: z.boolean().default(false),
  /** How long a statement waits for a lock before the file is rolled back and tried again. */
  lockTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
  /** How many times a file whose lock was not granted is tried again (with a growing pause). */
  lockRetries: z.number().int().min(0).max(20).default(3),
  /** The longest one statement may run when applied. */
  statementTimeoutMs: z.number().int().min(1_000).max(86_400_000).default(300_000),
});

export type ApplyConfig = z.infer<typeof applyConfigSchema>;

export const DEFAULT_APPLY_CONFIG: ApplyConfig = applyConfigSchema.parse({});
