import { type ActionItem, type ActionResult, applyAction } from "../jobs/apply-action";
import type { ActionAuthor, JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import type { TargetConnection } from "../targets/connect";

/** At most this many jobs change in one target transaction. */
export const MAX_BATCH = 500;

export interface BatchOptions {
  batchSize?: number;
  lockTimeoutMs?: number;
  /** Called inside each batch's target transaction, before it commits. */
  beforeCommit?: (batch: readonly ActionItem[], result: ActionResult) => Promise<void>;
}

/**
 * Applies an action to a snapshot of jobs in batches, each one compare-and-set transaction. The
 * in-process form of a bulk operation (the worker adds persistence and resumption around it).
 */
export async function processItems(
  connection: TargetConnection,
  source: JobSource,
  action: JobAction,
  items: readonly ActionItem[],
  author: ActionAuthor,
  options: BatchOptions = {},
): Promise<{ changed: string[]; skipped: string[] }> {
  const size = Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH);
  const changed: string[] = [];
  const skipped: string[] = [];
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    const result = await applyAction(connection, source, action, batch, author, {
      lockTimeoutMs: options.lockTimeoutMs ?? 1_000,
      beforeCommit: options.beforeCommit
        ? (outcome) => options.beforeCommit?.(batch, outcome) ?? Promise.resolve()
        : undefined,
    });
    for (const [id, outcome] of result.outcomes)
      (outcome === "changed" ? changed : skipped).push(id);
  }
  return { changed, skipped };
}
