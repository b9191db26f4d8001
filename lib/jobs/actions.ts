/** What an operator can do to a job; each system declares which it supports and what each writes. */
export const ACTION_CODES = [
  "retry",
  "skip",
  "cancel",
  "release_lease",
  "clear_coordinator_slot",
  "unblock",
] as const;

export type ActionCode = (typeof ACTION_CODES)[number];

export const ACTION_LABELS: Record<ActionCode, string> = {
  retry: "Retry",
  skip: "Skip",
  cancel: "Cancel",
  release_lease: "Release lease",
  clear_coordinator_slot: "Clear coordinator slot",
  unblock: "Unblock",
};

/** What a job is after the action, for sentences ("157 jobs would be skipped"). */
export const ACTION_PAST: Record<ActionCode, string> = {
  retry: "retried",
  skip: "skipped",
  cancel: "cancelled",
  release_lease: "released from their leases",
  clear_coordinator_slot: "released from the coordinator slot",
  unblock: "unblocked",
};
