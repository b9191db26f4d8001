import { type SQL, sql } from "drizzle-orm";
import { DEFAULT_THRESHOLDS } from "@/lib/stuck/stuck-codes";
import { type Assignment, assignments, describeAssignments, writtenNow } from "../../jobs/assign";
import { dialectFor } from "../../jobs/dialect";
import type { JobAction, SourceActions, UnsupportedAction } from "../../jobs/job-action";
import { ifPresent } from "../catalog-match";
import { blockerOf } from "./blockers";
import type { Coordination } from "./context";
import { logExecutions, logJobs, type OperatorEvent } from "./operator-log";
import { clearSlotAction, holdsSlot } from "./slot";

const now = writtenNow(dialectFor("postgres").now);

/**
 * How long a live job may hold the slot before Clear coordinator slot applies to it. An action's
 * condition takes no threshold, so this is Switchyard's default for coordinator_slot_stale (the
 * project documents none); a finished holder can be cleared at once.
 */
export const SLOT_CLEAR_AFTER_SECONDS = DEFAULT_THRESHOLDS.coordinator_slot_stale;

function described(pairs: readonly Assignment[], event: OperatorEvent, extra = ""): string {
  return `${describeAssignments(pairs)}${extra}; appends a '${event}' event to job_queue_log`;
}

/** Retry, cancel, unblock and clear coordinator slot on jobs; no skip (no such state). */
export function jobActions(coordination: Coordination): SourceActions {
  const { jobs } = coordination.tables;
  const live = coordination.jobs;
  const log =
    (event: OperatorEvent): JobAction["record"] =>
    (tx, ids, author) =>
      logJobs(tx, coordination, event, ids, author);
  // The job holding the slot is left to Clear coordinator slot: the coordinator never releases a
  // slot whose job is not running, so requeueing or cancelling the holder would wedge the queue.
  const notHolder = coordination.slot
    ? sql`not ${holdsSlot(coordination, jobs.jobId, coordination.jobsIdKind)}`
    : undefined;

  const nextPosition: SQL = sql`(case when ${jobs.jobType} = 'workflow' then null else (
      select coalesce(max(${sql.identifier("queued")}.${sql.identifier(jobs.queuePosition.name)}), 0) + 1
      from ${jobs} as ${sql.identifier("queued")}
      where ${sql.identifier("queued")}.${sql.identifier(jobs.status.name)} = 'pending'
        and ${sql.identifier("queued")}.${sql.identifier(jobs.queuePosition.name)} is not null) end)`;
  const retry: Assignment[] = [
    [jobs.status, "pending"],
    [ifPresent(live, jobs.startedAt), null],
    [ifPresent(live, jobs.completedAt), null],
    [ifPresent(live, jobs.errorMessage), null],
    [ifPresent(live, jobs.progress), 0],
    [
      ifPresent(live, jobs.queuePosition),
      { sql: nextPosition, label: "the next position (null for workflow jobs)" },
    ],
    [ifPresent(live, jobs.blockedByJobId), null],
    [ifPresent(live, jobs.conflictReason), null],
    [ifPresent(live, jobs.queuedAt), now],
  ];
  const cancel: Assignment[] = [
    [jobs.status, "cancelled"],
    [ifPresent(live, jobs.completedAt), now],
    [ifPresent(live, jobs.queuePosition), null],
  ];

  const supported: JobAction[] = [
    {
      code: "retry",
      writes: described(retry, "requeued"),
      from: ["failed", "cancelled", "running"],
      ...(notHolder ? { when: notHolder } : {}),
      set: assignments(retry),
      record: log("requeued"),
    },
    {
      code: "cancel",
      writes: described(cancel, "cancelled"),
      from: ["waiting", "scheduled", "running", "blocked"],
      ...(notHolder ? { when: notHolder } : {}),
      set: assignments(cancel),
      record: log("cancelled"),
    },
  ];
  const unsupported: UnsupportedAction[] = [
    {
      code: "skip",
      why: "jobs has no skipped state (its status CHECK allows pending, running, completed, failed, cancelled, pending_retry): cancel the job instead.",
    },
  ];

  const blockedBy = ifPresent(live, jobs.blockedByJobId);
  if (blockedBy) {
    const unblock: Assignment[] = [
      [blockedBy, null],
      [ifPresent(live, jobs.conflictReason), null],
    ];
    supported.push({
      code: "unblock",
      writes: described(unblock, "unblocked"),
      from: ["blocked"],
      when: sql`not ${blockerOf(coordination, blockedBy).live}`,
      set: assignments(unblock),
      record: log("unblocked"),
    });
  } else {
    unsupported.push({
      code: "unblock",
      why: "This database has no jobs.blocked_by_job_id (migration 027 is not applied), so no job is blocked.",
    });
  }

  if (coordination.slot) {
    supported.push(clearSlotAction(coordination, coordination.slot, SLOT_CLEAR_AFTER_SECONDS));
  } else {
    unsupported.push({
      code: "clear_coordinator_slot",
      why: "This database has no job_queue_state (migration 027 is not applied): there is no coordinator slot.",
    });
  }
  return { supported, unsupported };
}

/** Retry (and unblock where 027 added the column) on workflow executions. */
export function executionActions(coordination: Coordination): SourceActions {
  const { workflowExecutions: executions } = coordination.tables;
  const live = coordination.executions?.live;
  if (!live) return { supported: [], unsupported: [] };
  const idKind = coordination.executions?.idKind ?? "uuid";
  const log =
    (event: OperatorEvent): JobAction["record"] =>
    (tx, ids, author) =>
      logExecutions(tx, coordination, event, ids, author);
  const notHolder = coordination.slot
    ? sql`not ${holdsSlot(coordination, executions.id, idKind)}`
    : undefined;

  const retry: Assignment[] = [
    [executions.status, "pending"],
    [ifPresent(live, executions.errorInfo), null],
  ];
  const supported: JobAction[] = [
    {
      code: "retry",
      writes: described(
        retry,
        "requeued",
        " (retry_count and checkpoints are kept: the workflow manager resumes at current_step)",
      ),
      from: ["failed"],
      ...(notHolder ? { when: notHolder } : {}),
      set: assignments(retry),
      record: log("requeued"),
    },
  ];
  const unsupported: UnsupportedAction[] = [
    {
      code: "cancel",
      why: "workflow_executions has no cancelled state: cancel the workflow's job (Jobs, queue workflow) instead.",
    },
    {
      code: "skip",
      why: "workflow_executions has no skipped state: a step cannot be skipped from here.",
    },
  ];
  const blockedBy = ifPresent(live, executions.blockedByJobId);
  if (blockedBy) {
    const unblock: Assignment[] = [[blockedBy, null]];
    supported.push({
      code: "unblock",
      writes: described(unblock, "unblocked"),
      from: ["blocked"],
      when: sql`not ${blockerOf(coordination, blockedBy).live}`,
      set: assignments(unblock),
      record: log("unblocked"),
    });
  } else {
    unsupported.push({
      code: "unblock",
      why: "This database has no workflow_executions.blocked_by_job_id (migration 027 is not applied to it), so no execution is blocked.",
    });
  }
  return { supported, unsupported };
}
