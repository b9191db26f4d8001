import { sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import type { CatalogTable } from "../../catalog/snapshot";
import { dialectFor } from "../../jobs/dialect";
import { notChecked, type SourceStuckRule, type StuckRule } from "../../stuck/stuck-rule";
import { ifPresent } from "../catalog-match";
import type { MaintenanceAgentTables } from "./schema";

const dialect = dialectFor("postgres");
const age = (seconds: number) => formatDuration(seconds);

/**
 * Processing runs. The row of an equipment system is reused for every run, so created_at (when
 * the agent first saw the system) measures neither a run nor a wait: running_too_long has no
 * start time to use at all, and waiting and silence are measured from updated_at, the row's last
 * write. Without updated_at neither is checked.
 */
export function memoryStuckRules(
  live: CatalogTable,
  { memory }: MaintenanceAgentTables,
): SourceStuckRule[] {
  const updatedAt = ifPresent(live, memory.updatedAt);
  const nextRetryAt = ifPresent(live, memory.nextRetryAt);
  const retryCount = ifPresent(live, memory.retryCount);
  const lastError = ifPresent(live, memory.lastError);
  const status = memory.processingStatus;
  const rules: SourceStuckRule[] = [
    notChecked(
      "running_too_long",
      "the row is reused for every run and records no start time, so a run's length is unknown",
    ),
  ];

  if (updatedAt) {
    rules.push({
      code: "heartbeat_stale",
      where: (threshold) =>
        sql`${status} = 'in_progress' and ${dialect.olderThan(updatedAt, threshold)}`,
      since: sql`${updatedAt}`,
      details: { stage: sql`${memory.processingStage}` },
      explain: (seconds, threshold, details) =>
        `in_progress at stage ${String(details.stage)}, but nothing has written the row for ${age(seconds)} (updated_at, its only sign of life); threshold ${age(threshold)}`,
      suggestedAction: SUGGESTED_ACTIONS.heartbeat_stale,
    });

    const readySince = nextRetryAt ? dialect.later(updatedAt, nextRetryAt) : sql`${updatedAt}`;
    rules.push({
      code: "waiting_too_long",
      where: (threshold) =>
        sql`${status} = 'pending' and ${dialect.olderThan(readySince, threshold)}`,
      since: readySince,
      explain: (seconds, threshold) =>
        `pending for ${age(seconds)} (since updated_at) and not picked up by the agent; threshold ${age(threshold)}`,
      suggestedAction: SUGGESTED_ACTIONS.waiting_too_long,
    });
  } else {
    rules.push(
      notChecked("waiting_too_long", "this install has no updated_at to measure a wait from"),
    );
  }

  // Migration 001: a failed row whose scheduled retry time passed long ago. (The role rule looks
  // at waiting jobs; here a scheduled retry is a failed row, shown as scheduled.)
  if (nextRetryAt) {
    rules.push({
      code: "retry_overdue",
      where: (threshold) =>
        sql`${status} = 'failed' and ${nextRetryAt} is not null and ${dialect.olderThan(nextRetryAt, threshold)}`,
      since: sql`${nextRetryAt}`,
      details: {
        stage: sql`${memory.processingStage}`,
        ...(retryCount ? { retries: sql`${retryCount}` } : {}),
        ...(lastError ? { error: sql`${lastError}` } : {}),
      },
      explain: (seconds, threshold, details) => {
        const error = details.error ? ` (${String(details.error)})` : "";
        const retries =
          details.retries === undefined ? "" : `; retries so far: ${Number(details.retries ?? 0)}`;
        return `failed at stage ${String(details.stage)}${error}; its retry (next_retry_at) was due ${age(seconds)} ago and has not run${retries}; threshold ${age(threshold)}`;
      },
      suggestedAction: SUGGESTED_ACTIONS.retry_overdue,
    });
  }
  return rules;
}

/**
 * Review tasks: a pending task nobody has decided on. A task whose source document is gone is
 * not stuck in any sense the codes name (nothing blocks a reviewer); the job page says so.
 */
export function reviewStuckRules(
  live: CatalogTable,
  { review }: MaintenanceAgentTables,
): StuckRule[] {
  const confidence = ifPresent(live, review.confidence);
  const duplicateStatus = ifPresent(live, review.duplicateStatus);
  return [
    {
      code: "waiting_too_long",
      where: (threshold) =>
        sql`${review.status} = 'pending' and ${dialect.olderThan(review.createdAt, threshold)}`,
      since: sql`${review.createdAt}`,
      details: {
        ...(confidence ? { confidence: sql`${confidence}::text` } : {}),
        ...(duplicateStatus ? { duplicate: sql`${duplicateStatus}` } : {}),
      },
      explain: (seconds, threshold, details) => {
        const notes = [
          details.confidence === null || details.confidence === undefined
            ? null
            : `confidence ${String(details.confidence)}`,
          details.duplicate === "needs_review" ? "duplicate check needs_review" : null,
        ].filter((note) => note !== null);
        const extra = notes.length > 0 ? ` (${notes.join("; ")})` : "";
        return `pending review for ${age(seconds)}${extra}; threshold ${age(threshold)}`;
      },
      suggestedAction: SUGGESTED_ACTIONS.waiting_too_long,
    },
  ];
}
