import type { JobState } from "@/lib/jobs/job-state";
import { type Assignment, assignments, describeAssignments, writtenNow } from "./assign";
import type { Dialect } from "./dialect";
import type { JobAction, SourceActions, UnsupportedAction } from "./job-action";
import type { JobColumns } from "./job-source";

/** How one standard action ends: the raw state it writes and further columns, or why it cannot. */
export type StandardActionSpec =
  | { toState: string; also?: readonly Assignment[] }
  | { unsupported: string };

interface StandardOptions {
  columns: JobColumns;
  dialect: Dialect;
  retry: StandardActionSpec;
  cancel: StandardActionSpec;
  skip: StandardActionSpec;
  record?: JobAction["record"];
}

type StandardCode = "retry" | "cancel" | "skip";

/** Where each standard action applies, by canonical state. */
const FROM: Record<StandardCode, readonly JobState[]> = {
  retry: ["failed", "cancelled", "skipped", "running", "unknown"],
  cancel: ["waiting", "scheduled", "blocked", "running"],
  skip: ["waiting", "scheduled", "blocked", "running"],
};

/**
 * Retry, cancel and skip written from a source's roles: retry puts a job back to be picked up
 * (clearing its start, finish, error and lease; due now); cancel and skip close it now. Systems
 * say which raw state each writes, or why they cannot express it.
 */
export function standardActions(options: StandardOptions): SourceActions {
  const { columns } = options;
  const now = writtenNow(options.dialect.now);
  const base: Record<StandardCode, readonly Assignment[]> = {
    retry: [
      [columns.startedAt, null],
      [columns.finishedAt, null],
      [columns.error, null],
      [columns.leaseOwner, null],
      [columns.leaseExpiresAt, null],
      [columns.runAfter, now],
    ],
    cancel: [
      [columns.finishedAt, now],
      [columns.leaseOwner, null],
      [columns.leaseExpiresAt, null],
    ],
    skip: [
      [columns.finishedAt, now],
      [columns.leaseOwner, null],
      [columns.leaseExpiresAt, null],
    ],
  };
  const supported: JobAction[] = [];
  const unsupported: UnsupportedAction[] = [];
  for (const code of ["retry", "cancel", "skip"] as const) {
    const spec = options[code];
    if ("unsupported" in spec) {
      unsupported.push({ code, why: spec.unsupported });
      continue;
    }
    const pairs: Assignment[] = [
      [columns.state, spec.toState],
      ...base[code],
      ...(spec.also ?? []),
    ];
    supported.push({
      code,
      writes: describeAssignments(pairs),
      from: FROM[code],
      set: assignments(pairs),
      ...(options.record ? { record: options.record } : {}),
    });
  }
  return { supported, unsupported };
}
