import { sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import { canonicalPredicate } from "../jobs/canonical-sql";
import type { Dialect } from "../jobs/dialect";
import type { JobSource } from "../jobs/job-source";
import { and } from "../jobs/queue-filter";
import type { StuckRule } from "./stuck-rule";

const age = (seconds: number) => formatDuration(seconds);

/**
 * The stuck rules any source gets from its roles alone: a running job past its threshold (from its
 * start, or from its creation when the system records no start), a lease or heartbeat gone quiet,
 * a ready job nobody picks up, a retry long overdue, a failure with no attempts left.
 */
export function roleRules(source: JobSource, dialect: Dialect): StuckRule[] {
  const { columns } = source;
  const rules: StuckRule[] = [];
  const running = canonicalPredicate(source, "running");
  const waiting = canonicalPredicate(source, "waiting");

  const runningSince = columns.startedAt ?? columns.createdAt;
  const fromCreation = columns.startedAt
    ? ""
    : `; measured from ${columns.createdAt.name} because this system records no start time`;
  rules.push({
    code: "running_too_long",
    where: (threshold) => and(running, dialect.olderThan(runningSince, threshold)),
    since: sql`${runningSince}`,
    explain: (seconds, threshold) =>
      `running for ${age(seconds)}; threshold ${age(threshold)}${fromCreation}`,
    suggestedAction: SUGGESTED_ACTIONS.running_too_long,
  });

  const readySince = columns.runAfter
    ? dialect.later(columns.createdAt, columns.runAfter)
    : sql`${columns.createdAt}`;
  rules.push({
    code: "waiting_too_long",
    where: (threshold) => and(waiting, dialect.olderThan(readySince, threshold)),
    since: readySince,
    explain: (seconds, threshold) =>
      `ready for ${age(seconds)} and not picked up; threshold ${age(threshold)}`,
    suggestedAction: SUGGESTED_ACTIONS.waiting_too_long,
  });

  if (columns.leaseExpiresAt) {
    const lease = columns.leaseExpiresAt;
    rules.push({
      code: "lease_expired",
      where: (threshold) => and(running, dialect.olderThan(lease, threshold)),
      since: sql`${lease}`,
      details: columns.leaseOwner ? { owner: sql`${columns.leaseOwner}` } : undefined,
      explain: (seconds, threshold, details) =>
        `still running, but its lease${details.owner ? ` (held by ${String(details.owner)})` : ""} expired ${age(seconds)} ago; grace ${age(threshold)}`,
      suggestedAction: SUGGESTED_ACTIONS.lease_expired,
    });
  }

  if (columns.heartbeatAt) {
    const heartbeat = columns.heartbeatAt;
    rules.push({
      code: "heartbeat_stale",
      where: (threshold) => and(running, dialect.olderThan(heartbeat, threshold)),
      since: sql`${heartbeat}`,
      explain: (seconds, threshold) =>
        `running, but its last sign of life (${heartbeat.name}) was ${age(seconds)} ago; threshold ${age(threshold)}`,
      suggestedAction: SUGGESTED_ACTIONS.heartbeat_stale,
    });
  }

  if (columns.runAfter && columns.attempts) {
    const due = columns.runAfter;
    rules.push({
      code: "retry_overdue",
      where: (threshold) =>
        and(waiting, sql`${columns.attempts} > 0`, dialect.olderThan(due, threshold)),
      since: sql`${due}`,
      details: { attempts: sql`${columns.attempts}` },
      explain: (seconds, threshold, details) =>
        `retry ${String(details.attempts)} was due ${age(seconds)} ago and has not run; threshold ${age(threshold)}`,
      suggestedAction: SUGGESTED_ACTIONS.retry_overdue,
    });
  }

  if (columns.attempts && columns.maxAttempts) {
    const finished = columns.finishedAt ?? columns.createdAt;
    rules.push({
      code: "retries_exhausted",
      where: (threshold) =>
        and(
          canonicalPredicate(source, "failed"),
          sql`${columns.attempts} >= ${columns.maxAttempts}`,
          threshold > 0 ? dialect.olderThan(finished, threshold) : undefined,
        ),
      since: sql`${finished}`,
      details: { attempts: sql`${columns.attempts}`, limit: sql`${columns.maxAttempts}` },
      explain: (seconds, _threshold, details) =>
        `failed ${age(seconds)} ago after ${String(details.attempts)} of ${String(details.limit)} attempts: nothing will pick it up again`,
      suggestedAction: SUGGESTED_ACTIONS.retries_exhausted,
    });
  }
  return rules;
}
