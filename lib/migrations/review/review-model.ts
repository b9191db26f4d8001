import type { LintFinding } from "../lint/finding";
import type { DryRunResult, FileRun } from "../run-model";

/**
 * A review moves requested → checked (lint and dry run attached) → approved | rejected →
 * applying → applied | failed; it can be cancelled before it is applied.
 */
export const REVIEW_STATES = [
  "requested",
  "checked",
  "approved",
  "rejected",
  "applying",
  "applied",
  "failed",
  "cancelled",
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** States after which nothing more happens to a review. */
export const FINAL_REVIEW_STATES: readonly ReviewState[] = [
  "rejected",
  "applied",
  "failed",
  "cancelled",
];

/** States in which a review has not started applying: it can still be cancelled or voided. */
export const BEFORE_APPLY: readonly ReviewState[] = ["requested", "checked", "approved"];

/** apply runs the files' UP parts in order; rollback runs their DOWN parts, newest first. */
export type ReviewDirection = "apply" | "rollback";

/** One migration of a review, with the exact text that was reviewed and will run. */
export interface ReviewFile {
  migrationId: string;
  name: string;
  /** The SQL that runs: the UP part (apply) or the DOWN part (rollback). */
  sql: string;
  /** SHA-256 of the migration's files as they were on disk when the review was requested. */
  fileHash: string;
}

export interface ReviewLint {
  migrationId: string;
  findings: LintFinding[];
  notes: string[];
}

export interface ReviewPerson {
  id: string;
  name: string;
}

export interface Review {
  id: number;
  targetId: string;
  sourceId: string;
  direction: ReviewDirection;
  state: ReviewState;
  files: ReviewFile[];
  /** SHA-256 over every file's hash, in order: what an approval is bound to. */
  contentHash: string;
  note: string | null;
  requestedBy: ReviewPerson;
  requestedAt: Date;
  lint: ReviewLint[] | null;
  dryRun: DryRunResult | null;
  checkedAt: Date | null;
  decidedBy: ReviewPerson | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  /** The error findings an admin approved over, by key (see findingKey). */
  overriddenFindings: string[];
  appliedBy: ReviewPerson | null;
  applyStartedAt: Date | null;
  finishedAt: Date | null;
  /** Per file, what ran so far (apply or rollback). */
  progress: FileRun[];
  error: string | null;
}
