import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { CatalogTable } from "../../catalog/snapshot";
import { type Assignment, assignments, describeAssignments, writtenNow } from "../../jobs/assign";
import { dialectFor } from "../../jobs/dialect";
import type { JobAction, SourceActions } from "../../jobs/job-action";
import type { JobColumns } from "../../jobs/job-source";
import { standardActions } from "../../jobs/standard-actions";
import { ifPresent } from "../catalog-match";
import type { MarieTables } from "./schema";

const dialect = dialectFor("postgres");

/** What the release writes into `output`, in the shape of Marie's own lease recovery. */
export const RELEASE_REASON = "LEASE_RELEASED_BY_OPERATOR";

/**
 * Retry, cancel and release lease on Marie's `job`, through its own columns (the job_history
 * trigger records each change). Retry is Marie's own reset (reset_job, reset_dag: back to
 * `created`, start and finish cleared); release lease is Marie's own recovery of an expired run
 * lease (recover_expired_run_leases: back to `retry`, both leases cleared). Every action that
 * takes a job from a worker clears both leases and bumps `lease_epoch`, so that worker's later
 * writes (which name its owner and epoch) match nothing.
 */
export function marieActions(
  job: MarieTables["job"],
  live: CatalogTable,
  columns: JobColumns,
): SourceActions {
  const has = <C extends AnyColumn>(column: C) => ifPresent(live, column);
  // The lease columns the standard actions do not already clear (they clear columns.lease*).
  const otherLeases: Assignment[] = [
    job.leaseOwner,
    job.leaseExpiresAt,
    job.runOwner,
    job.runLeaseExpiresAt,
    job.runAttemptId,
  ]
    .map(has)
    .filter(
      (column) => column && column !== columns.leaseOwner && column !== columns.leaseExpiresAt,
    )
    .map((column) => [column, null] as const);
  const epoch = has(job.leaseEpoch);
  const fence: Assignment = [
    epoch,
    { sql: sql`coalesce(${job.leaseEpoch}, 0) + 1`, label: "lease_epoch + 1" },
  ];

  const standard = standardActions({
    columns,
    dialect,
    retry: {
      toState: "created",
      also: [
        ...otherLeases,
        fence,
        [has(job.output), null],
        // A job that used its retries would fail for good at its next error.
        [
          job.retryCount,
          {
            sql: sql`case when ${job.retryCount} >= ${job.retryLimit} then 0 else ${job.retryCount} end`,
            label: "0 if retry_count >= retry_limit, else unchanged",
          },
        ],
      ],
    },
    cancel: { toState: "cancelled", also: [...otherLeases, fence] },
    skip: {
      unsupported:
        "Marie has no skipped state (job_state: created, retry, active, completed, expired, cancelled, failed): cancel the job instead.",
    },
  });

  const release = releaseLease(job, live, fence);
  return {
    supported: [...standard.supported, ...(release ? [release] : [])],
    unsupported: [
      ...standard.unsupported,
      {
        code: "unblock",
        why: "A blocked Marie job waits on its upstream jobs (job_dependencies), not on a block it holds: retry or cancel the upstream shown under “depends on”, or cancel this job.",
      },
    ],
  };
}

/** The expiry of whichever lease runs out first (least() skips a NULL one). */
export function earliestLeaseExpiry(job: MarieTables["job"], live: CatalogTable): SQL | undefined {
  const expiries = [ifPresent(live, job.leaseExpiresAt), ifPresent(live, job.runLeaseExpiresAt)]
    .filter((column): column is NonNullable<typeof column> => column !== undefined)
    .map((column) => sql`${column}`);
  if (expiries.length === 0) return undefined;
  return expiries.length === 1 ? expiries[0] : sql`least(${sql.join(expiries, sql`, `)})`;
}

/**
 * An active job whose acquisition lease or run lease has run out goes back to `retry`, due now,
 * with both leases cleared, its epoch bumped, and the reason in `output` as Marie's own
 * recovery writes it (`{"recovery": {"reason_code": …, "previous_…_owner": …}}`).
 */
function releaseLease(
  job: MarieTables["job"],
  live: CatalogTable,
  fence: Assignment,
): JobAction | undefined {
  const expiry = earliestLeaseExpiry(job, live);
  if (!expiry) return undefined;
  const owners = [ifPresent(live, job.leaseOwner), ifPresent(live, job.runOwner)].flatMap(
    (column) =>
      column
        ? [
            sql`${column.name === "lease_owner" ? "previous_lease_owner" : "previous_run_owner"}::text, ${column}`,
          ]
        : [],
  );
  const reason = sql`jsonb_build_object('recovery', jsonb_build_object('reason_code', ${RELEASE_REASON}::text${sql.join(
    owners.map((pair) => sql`, ${pair}`),
    sql``,
  )}))`;
  const pairs: Assignment[] = [
    [job.state, "retry"],
    [job.startAfter, writtenNow(dialect.now)],
    [ifPresent(live, job.completedOn), null],
    [ifPresent(live, job.leaseOwner), null],
    [ifPresent(live, job.leaseExpiresAt), null],
    [ifPresent(live, job.runOwner), null],
    [ifPresent(live, job.runLeaseExpiresAt), null],
    [ifPresent(live, job.runAttemptId), null],
    fence,
    [
      ifPresent(live, job.output),
      { sql: reason, label: `{"recovery": {"reason_code": "${RELEASE_REASON}", previous owners}}` },
    ],
  ];
  return {
    code: "release_lease",
    writes: describeAssignments(pairs),
    from: ["running"],
    when: sql`${expiry} <= now()`,
    set: assignments(pairs),
  };
}
