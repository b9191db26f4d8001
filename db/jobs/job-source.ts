import type { AnyColumn, SQL, Table } from "drizzle-orm";
import type { StateMapping } from "@/lib/jobs/state-mapping";
import type { SourceStuckRule } from "../stuck/stuck-rule";
import type { SourceActions } from "./job-action";

/** The columns a job table offers, by the role they play. Only `id`, `state` and `createdAt` are required. */
export interface JobColumns {
  id: AnyColumn;
  state: AnyColumn;
  /** Splits the table into queues (queue name, task type, partition key). */
  queue?: AnyColumn;
  /** A second dimension to filter by within a queue (tool name, model, ...). */
  type?: AnyColumn;
  createdAt: AnyColumn;
  startedAt?: AnyColumn;
  finishedAt?: AnyColumn;
  heartbeatAt?: AnyColumn;
  leaseOwner?: AnyColumn;
  leaseExpiresAt?: AnyColumn;
  /** When a waiting or retrying job becomes due (start_after, next_retry_at). */
  runAfter?: AnyColumn;
  error?: AnyColumn;
  attempts?: AnyColumn;
  maxAttempts?: AnyColumn;
  payload?: AnyColumn;
  result?: AnyColumn;
}

export type JobRole = keyof JobColumns;

/** A table holding jobs, described by role so one set of queries serves every system. */
export interface JobSource {
  /** Unique within its system: usually the table name. */
  id: string;
  label: string;
  table: Table;
  columns: JobColumns;
  states: StateMapping<SQL>;
  /** `column`: one queue per value of columns.queue; `single`: the whole table is one queue. */
  queues: { kind: "column" } | { kind: "single"; name: string };
  /** Raw values the database itself allows (enum labels, or a CHECK list), when it says. */
  declaredStates?: { values: readonly string[]; by: "enum" | "check" };
  /** What ids look like, so a malformed one is "not found" instead of a database error. */
  idKind: "uuid" | "integer" | "text";
  /** Caveats shown to operators, by role (e.g. "no start time: age measured from created_at"). */
  notes?: Partial<Record<JobRole, string>>;
  history?: HistorySource;
  /** What operators can do to these jobs; absent: nothing (the page says so). */
  actions?: SourceActions;
  /**
   * A column that changes on every write (updated_at), for compare-and-set where the engine has
   * no row version of its own (SQLite; PostgreSQL uses xmin).
   */
  version?: AnyColumn;
  /** Stuck rules only this system can check (leases, coordinators, dependencies). */
  stuckRules?: readonly SourceStuckRule[];
}

/** Where a job's past lives: a history or event table keyed by job id. */
export interface HistorySource {
  table: Table;
  jobId: AnyColumn;
  at: AnyColumn;
  /** The job's state at that moment, or an event name. */
  state?: AnyColumn;
  event?: AnyColumn;
  /** Further columns shown with each entry. */
  details?: Readonly<Record<string, AnyColumn>>;
  label: string;
}
