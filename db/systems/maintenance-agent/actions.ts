import { type SQL, sql } from "drizzle-orm";
import type { JobState } from "@/lib/jobs/job-state";
import type { CatalogTable } from "../../catalog/snapshot";
import { type Assignment, assignments, describeAssignments, writtenNow } from "../../jobs/assign";
import { dialectFor } from "../../jobs/dialect";
import type { JobAction, SourceActions } from "../../jobs/job-action";
import { ifPresent } from "../catalog-match";
import { SILENT_AFTER_SECONDS } from "./explain-memory";
import type { MaintenanceAgentTables } from "./schema";

const dialect = dialectFor("postgres");
const now = writtenNow(dialect.now);

/**
 * Retry puts an equipment system back to pending, where the agent's next run picks it up: from
 * failed (with or without a scheduled retry) and from an in_progress row silent long enough that
 * its agent has died. Nothing else: the agent re-picks whatever is not completed, so there is no
 * state that would cancel or skip a system. The agent keeps no log table.
 */
export function memoryActions(
  live: CatalogTable,
  { memory }: MaintenanceAgentTables,
): SourceActions {
  const updatedAt = ifPresent(live, memory.updatedAt);
  const nextRetryAt = ifPresent(live, memory.nextRetryAt);
  const pairs: Assignment[] = [
    [memory.processingStatus, "pending"],
    [memory.processingStage, "not_started"],
    [updatedAt, now],
    // A leftover time would read as a scheduled retry (and an overdue one) if the run fails again.
    [nextRetryAt, null],
  ];
  const kept = ["retry_count", "last_retry_at", "last_error"].filter((name) =>
    live.columns.has(name),
  );
  // Without updated_at nothing tells a dead run from a live one: in_progress rows are left alone.
  const from: JobState[] = updatedAt ? ["failed", "scheduled", "running"] : ["failed", "scheduled"];
  const when: SQL | undefined = updatedAt
    ? sql`(${memory.processingStatus} <> 'in_progress' or ${dialect.olderThan(updatedAt, SILENT_AFTER_SECONDS)})`
    : undefined;
  const retry: JobAction = {
    code: "retry",
    writes: `${describeAssignments(pairs)}${kept.length > 0 ? ` (${kept.join(", ")} kept)` : ""}`,
    from,
    ...(when ? { when } : {}),
    set: assignments(pairs),
  };
  return {
    supported: [retry],
    unsupported: [
      {
        code: "cancel",
        why: "maintenance_agent_memory has no cancelled state, and the agent picks up every system that is not completed again, so no state would stop it.",
      },
      {
        code: "skip",
        why: "maintenance_agent_memory has no skipped state: marking the system completed would claim its tasks were extracted and queued for review when they were not.",
      },
    ],
  };
}

/**
 * Cancel is the reviewer's reject: pending → rejected, stamped with who and when, the operator's
 * reason as the review note. Retry (reopening a decision) and skip have no honest meaning here.
 */
export function reviewActions(
  live: CatalogTable,
  { review }: MaintenanceAgentTables,
): SourceActions {
  const reviewedBy = ifPresent(live, review.reviewedBy);
  const reviewNotes = ifPresent(live, review.reviewNotes);
  const pairs: Assignment[] = [
    [review.status, "rejected"],
    [ifPresent(live, review.reviewedAt), now],
    [ifPresent(live, review.updatedAt), now],
  ];
  // Who and why come with the request, not with the action's SET list: written by `record`.
  const byAuthor: Assignment[] = [
    [reviewedBy, { sql: sql`null`, label: "the operator's name" }],
    [reviewNotes, { sql: sql`null`, label: "the operator's reason (when given)" }],
  ];
  const reject: JobAction = {
    code: "cancel",
    writes: describeAssignments([...pairs, ...byAuthor]),
    from: ["waiting"],
    set: assignments(pairs),
    record: async (tx, jobIds, author) => {
      const reason = author.reason?.trim() || null;
      const set = [
        reviewedBy ? sql`${sql.identifier(reviewedBy.name)} = ${author.name}` : null,
        reviewNotes && reason ? sql`${sql.identifier(reviewNotes.name)} = ${reason}` : null,
      ].filter((part): part is SQL => part !== null);
      if (set.length === 0 || jobIds.length === 0) return;
      await tx.rows(sql`
        update ${review} set ${sql.join(set, sql`, `)}
        where ${review.id} in (${sql.join(
          jobIds.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    },
  };
  return {
    supported: [reject],
    unsupported: [
      {
        code: "retry",
        why: "A rejected task is a reviewer's decision, not a failure: there is nothing to run again. Reopening it for review would be a different action, which Switchyard does not offer.",
      },
      {
        code: "skip",
        why: "The review queue has no skipped state: a task leaves it only approved or rejected. Reject it with Cancel, or approve it in the agent's review screen.",
      },
    ],
  };
}
