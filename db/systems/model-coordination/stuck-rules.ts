import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { formatDuration as age } from "@/lib/format";
import { SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import { canonicalPredicate } from "../../jobs/canonical-sql";
import { dialectFor } from "../../jobs/dialect";
import type { JobSource } from "../../jobs/job-source";
import { and } from "../../jobs/queue-filter";
import type { StuckRule, TableRule } from "../../stuck/stuck-rule";
import { ifPresent } from "../catalog-match";
import { blockerOf, queuedSince } from "./blockers";
import type { Coordination } from "./context";
import { finishedPhrase } from "./explain-format";
import { slotStaleRule } from "./slot-rule";

const postgres = dialectFor("postgres");

/**
 * blocked_by_finished and blocked_by_missing for a table whose pending rows name a blocker in
 * `blockedBy`. Since: when the row was queued (`queued`), or when its blocker finished if that is
 * later (a job blocked behind a running job is only stuck once that job is done).
 */
function blockerRules(
  coordination: Coordination,
  source: JobSource,
  blockedBy: AnyColumn,
  queued: SQL,
): TableRule[] {
  const blocked = canonicalPredicate(source, "blocked");
  const blocker = blockerOf(coordination, blockedBy);
  const finishedSince = sql`greatest(${queued}, ${blocker.finishedAt})`;
  return [
    {
      code: "blocked_by_finished",
      where: (threshold) =>
        and(
          blocked,
          blocker.exists,
          sql`not ${blocker.live}`,
          postgres.olderThan(finishedSince, threshold),
        ),
      since: finishedSince,
      details: {
        blocker: sql`${blockedBy}`,
        kind: blocker.kind,
        state: blocker.state,
        finished_ago: sql`${postgres.nowEpoch} - ${postgres.epoch(blocker.finishedAt)}`,
      },
      explain: (seconds, threshold, d) =>
        `blocked by ${String(d.kind)} ${String(d.blocker)}, which ${finishedPhrase(d.state, d.finished_ago)}; waiting on a finished job for ${age(seconds)} (threshold ${age(threshold)})`,
      suggestedAction: SUGGESTED_ACTIONS.blocked_by_finished,
    },
    {
      code: "blocked_by_missing",
      where: (threshold) =>
        and(blocked, sql`not ${blocker.exists}`, postgres.olderThan(queued, threshold)),
      since: queued,
      details: { blocker: sql`${blockedBy}` },
      explain: (seconds, threshold, d) =>
        `blocked by ${String(d.blocker)}, which is no job or workflow execution here; waiting on it for ${age(seconds)} (threshold ${age(threshold)}): nothing will release it`,
      suggestedAction: SUGGESTED_ACTIONS.blocked_by_missing,
    },
  ];
}

/**
 * waiting_too_long from `since` instead of created_at: a job Switchyard retried is queued again
 * (queued_at = now) but keeps its created_at, and would otherwise count as waiting since then.
 * Canonical waiting excludes blocked rows, so a blocked job is never counted here too.
 */
function waitingRule(source: JobSource, since: SQL): TableRule {
  return {
    code: "waiting_too_long",
    where: (threshold) =>
      and(canonicalPredicate(source, "waiting"), postgres.olderThan(since, threshold)),
    since,
    explain: (seconds, threshold) =>
      `ready for ${age(seconds)} and not picked up; threshold ${age(threshold)}`,
    suggestedAction: SUGGESTED_ACTIONS.waiting_too_long,
  };
}

/** jobs: blocked by a finished or missing job, waiting since queued_at, and the stale slot. */
export function jobStuckRules(coordination: Coordination, source: JobSource): StuckRule[] {
  const { jobs } = coordination.tables;
  const queued = queuedSince(coordination);
  const rules: StuckRule[] = [waitingRule(source, queued)];
  const blockedBy = ifPresent(coordination.jobs, jobs.blockedByJobId);
  if (blockedBy) rules.push(...blockerRules(coordination, source, blockedBy, queued));
  if (coordination.slot) rules.push(slotStaleRule(coordination, coordination.slot));
  return rules;
}

/**
 * workflow_executions has no start time, and updated_at moves on every write (each step): a
 * running execution is measured from its last write, i.e. how long its current step has run.
 */
export function executionStuckRules(coordination: Coordination, source: JobSource): StuckRule[] {
  const { workflowExecutions: executions } = coordination.tables;
  const live = coordination.executions?.live;
  if (!live) return [];
  const updatedAt = ifPresent(live, executions.updatedAt);
  const lastWrite = updatedAt ? sql`${updatedAt}` : sql`${executions.createdAt}`;
  const measured = updatedAt
    ? "measured from updated_at (its last write) because workflow_executions records no start time"
    : "measured from created_at because workflow_executions records no start time";
  const rules: StuckRule[] = [
    {
      code: "running_too_long",
      where: (threshold) =>
        and(canonicalPredicate(source, "running"), postgres.olderThan(lastWrite, threshold)),
      since: lastWrite,
      explain: (seconds, threshold) =>
        `running with no step written for ${age(seconds)}; threshold ${age(threshold)}; ${measured}`,
      suggestedAction: null,
    },
    waitingRule(source, lastWrite),
  ];
  const blockedBy = ifPresent(live, executions.blockedByJobId);
  if (blockedBy) rules.push(...blockerRules(coordination, source, blockedBy, lastWrite));
  return rules;
}
