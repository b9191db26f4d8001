import type { LintFinding } from "../lint/finding";
import { BEFORE_APPLY, type Review, type ReviewPerson } from "./review-model";

/** Findings an approval can never override: the target owner's rules, not a risk to accept. */
const NEVER_OVERRIDABLE = new Set(["protected-table", "parse-error"]);

export interface Blocker {
  /** Names the finding in an override: `<migration>:<line>:<code>`. */
  key: string;
  migrationId: string;
  message: string;
  overridable: boolean;
}

export interface Refusal {
  code: string;
  message: string;
}

export function findingKey(migrationId: string, finding: Pick<LintFinding, "line" | "code">) {
  return `${migrationId}:${finding.line}:${finding.code}`;
}

/** What stands between a checked review and its approval: error findings and a failed dry run. */
export function approvalBlockers(review: Review): Blocker[] {
  const blockers: Blocker[] = [];
  for (const lint of review.lint ?? []) {
    for (const finding of lint.findings) {
      if (finding.severity !== "error") continue;
      blockers.push({
        key: findingKey(lint.migrationId, finding),
        migrationId: lint.migrationId,
        message: `line ${finding.line}: ${finding.reason}`,
        overridable: !NEVER_OVERRIDABLE.has(finding.code),
      });
    }
  }
  for (const file of review.dryRun?.files ?? []) {
    const failed = file.statements.find((statement) => statement.status === "failed");
    if (!failed?.error) continue;
    blockers.push({
      key: `${file.migrationId}:${failed.line}:dry-run-failed`,
      migrationId: file.migrationId,
      message: `the dry run failed at line ${failed.line}: ${failed.error.message}`,
      overridable: true,
    });
  }
  return blockers;
}

const samePerson = (a: ReviewPerson, b: ReviewPerson) => a.id === b.id;

/** Why `decider` may not approve (or reject) the review as asked; null when they may. */
export function decisionRefusal(
  review: Review,
  decider: ReviewPerson,
  decision: { approve: boolean; overrides: readonly string[]; allowSelfApproval: boolean },
): Refusal | null {
  if (review.state !== "checked") {
    return {
      code: "conflict",
      message:
        review.state === "requested"
          ? `Review #${review.id} is still being checked (lint and dry run); decide once they are attached.`
          : `Review #${review.id} is ${review.state}; only a checked review can be approved or rejected.`,
    };
  }
  if (!decision.approve) return null;
  if (samePerson(review.requestedBy, decider) && !decision.allowSelfApproval) {
    return {
      code: "self_approval",
      message: `You requested review #${review.id}; another admin must approve it (this target does not allow self-approval).`,
    };
  }
  const blockers = approvalBlockers(review);
  const fixed = blockers.filter((blocker) => !blocker.overridable);
  if (fixed.length > 0) {
    return {
      code: "not_approvable",
      message: `It cannot be approved: ${fixed.map((b) => b.message).join("; ")}.`,
    };
  }
  const keys = new Set(blockers.map((blocker) => blocker.key));
  const missing = blockers.filter((blocker) => !decision.overrides.includes(blocker.key));
  const unknown = decision.overrides.filter((key) => !keys.has(key));
  if (missing.length > 0) {
    return {
      code: "override_required",
      message: `Approving needs an explicit override naming each error finding: ${missing.map((b) => b.key).join(", ")}.`,
    };
  }
  if (unknown.length > 0) {
    return {
      code: "invalid_input",
      message: `These overrides name no finding of this review: ${unknown.join(", ")}.`,
    };
  }
  return null;
}

/** Why the review may not be cancelled by `actor`; null when it may. */
export function cancelRefusal(review: Review, actor: ReviewPerson, isAdmin: boolean) {
  if (!BEFORE_APPLY.includes(review.state)) {
    return { code: "conflict", message: `Review #${review.id} is ${review.state}.` };
  }
  if (!isAdmin && !samePerson(review.requestedBy, actor)) {
    return {
      code: "forbidden",
      message: "Only the operator who requested a review, or an admin, can cancel it.",
    };
  }
  return null;
}

/**
 * Why the approval no longer holds: a file changed or vanished since the review was requested.
 * `current` maps each migration to the hash of its files on disk now (null: gone).
 */
export function voidReason(review: Review, current: ReadonlyMap<string, string | null>) {
  const reasons: string[] = [];
  for (const file of review.files) {
    const now = current.get(file.migrationId) ?? null;
    if (now === null) reasons.push(`${file.migrationId} no longer exists on disk`);
    else if (now !== file.fileHash) {
      reasons.push(
        `${file.migrationId} changed since the review was requested (sha256 ${file.fileHash.slice(0, 12)}… → ${now.slice(0, 12)}…)`,
      );
    }
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/** The text an admin types to apply a review with destructive statements: the target's id. */
export function typedConfirmationFor(review: Review): string | null {
  const destructive = (review.lint ?? []).some((lint) =>
    lint.findings.some((finding) => finding.needsTypedConfirmation),
  );
  return destructive ? review.targetId : null;
}

/** Why the review cannot be applied now; null when it can. */
export function applyRefusal(
  review: Review,
  options: { voidReason: string | null; typed: string | null },
): Refusal | null {
  if (review.state === "applying") {
    return {
      code: "conflict",
      message: `Review #${review.id} is already being applied by ${review.appliedBy?.name ?? "someone"} (since ${review.applyStartedAt?.toISOString() ?? "?"}).`,
    };
  }
  if (review.state !== "approved") {
    const by = review.appliedBy ? ` by ${review.appliedBy.name}` : "";
    return {
      code: "conflict",
      message: `Review #${review.id} is ${review.state}${by}; only an approved review can be applied.`,
    };
  }
  if (options.voidReason) {
    return {
      code: "approval_void",
      message: `The approval is void: ${options.voidReason}. Request a new review.`,
    };
  }
  const phrase = typedConfirmationFor(review);
  if (phrase !== null && options.typed?.trim() !== phrase) {
    return {
      code: "confirmation_required",
      message: `This review has destructive statements: type the target's id "${phrase}" to apply it.`,
    };
  }
  return null;
}
