import type { ActionCode } from "../jobs/actions";

/** Why a job is stuck. Each rule applies where a system records the data it needs. */
export const STUCK_CODES = [
  "running_too_long",
  "lease_expired",
  "heartbeat_stale",
  "blocked_by_finished",
  "blocked_by_missing",
  "coordinator_slot_stale",
  "dependency_failed",
  "waiting_too_long",
  "retry_overdue",
  "retries_exhausted",
] as const;

export type StuckCode = (typeof STUCK_CODES)[number];

export const STUCK_LABELS: Record<StuckCode, string> = {
  running_too_long: "Running too long",
  lease_expired: "Lease expired",
  heartbeat_stale: "Heartbeat stale",
  blocked_by_finished: "Blocked by a finished job",
  blocked_by_missing: "Blocked by a missing job",
  coordinator_slot_stale: "Coordinator slot stale",
  dependency_failed: "Dependency failed",
  waiting_too_long: "Waiting too long",
  retry_overdue: "Retry overdue",
  retries_exhausted: "Retries exhausted",
};

/** How long past its normal bound a job may be before it counts as stuck (seconds). */
export const DEFAULT_THRESHOLDS: Record<StuckCode, number> = {
  running_too_long: 30 * 60,
  lease_expired: 60,
  heartbeat_stale: 5 * 60,
  blocked_by_finished: 5 * 60,
  blocked_by_missing: 5 * 60,
  coordinator_slot_stale: 15 * 60,
  dependency_failed: 0,
  waiting_too_long: 15 * 60,
  retry_overdue: 10 * 60,
  retries_exhausted: 0,
};

/** What an operator would usually do about it. */
export const SUGGESTED_ACTIONS: Record<StuckCode, ActionCode | null> = {
  running_too_long: "retry",
  lease_expired: "release_lease",
  heartbeat_stale: "retry",
  blocked_by_finished: "unblock",
  blocked_by_missing: "unblock",
  coordinator_slot_stale: "clear_coordinator_slot",
  dependency_failed: "cancel",
  waiting_too_long: null,
  retry_overdue: null,
  retries_exhausted: "retry",
};
