import "server-only";
import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import type { Review, ReviewPerson } from "@/lib/migrations/review/review-model";
import type { Actor } from "../auth/request-context";
import type { HomeExecutor } from "../home-executor";
import { home } from "../index";
import { startApply } from "../migrations/apply/apply-review";
import { cancelReview } from "../migrations/reviews/cancel-review";
import { decideReview } from "../migrations/reviews/decide-review";
import { reviewContextFor } from "../migrations/reviews/registry-context";
import { requestReview } from "../migrations/reviews/request-review";
import { loadReview } from "../migrations/reviews/review-rows";
import { findTarget } from "../targets/registry";
import { ActionRefusal } from "./action-refusal";
import type { AuditDetails } from "./audit-details";
import { actionSpec } from "./run-guarded";

const id = z.string().min(1).max(100);
const reviewId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Who acts, as a review records them: one operator (or token, or SSO user) is one person. */
function personOf(actor: Actor | null): ReviewPerson {
  if (!actor) throw new ActionRefusal("unauthenticated", "Sign in first.");
  return { id: `${actor.kind}:${actor.id}`, name: actor.name };
}

/**
 * The review an action names. Its target comes from the review itself, so the read-only check
 * happens here rather than in the guard (which only sees the input).
 */
async function reviewFor(executor: HomeExecutor, id: number): Promise<Review> {
  const review = await loadReview(executor, id);
  if (findTarget(review.targetId)?.readOnly) {
    throw new ActionRefusal(
      "target_read_only",
      `Target "${review.targetId}" is read-only: nothing can be changed on it.`,
    );
  }
  return review;
}

function auditOf(review: Review, extra: Record<string, unknown> = {}): AuditDetails {
  return {
    target: review.targetId,
    objects: {
      reviewId: review.id,
      source: review.sourceId,
      direction: review.direction,
      migrations: review.files.map((file) => file.migrationId),
      ...extra,
    },
  };
}

const PATHS = ["/migrations", "/reviews"];

/** An operator asks for a review of pending migrations (or of a rollback), with a note. */
export const REQUEST_REVIEW = actionSpec({
  name: "migrations.request_review",
  role: "operator",
  input: z.object({
    target: id,
    source: id,
    direction: z.enum(["apply", "rollback"]).default("apply"),
    through: z.string().min(1).max(300),
    note: z.string().trim().max(2000).optional(),
  }),
  target: (input) => input.target,
  async run(input, { actor, tx }) {
    const review = await requestReview(
      tx,
      reviewContextFor(input.target, input.source),
      { direction: input.direction, through: input.through, note: input.note || null },
      personOf(actor),
    );
    return {
      data: { reviewId: review.id, migrations: review.files.map((file) => file.migrationId) },
      audit: auditOf(review),
    };
  },
  revalidate: () => PATHS,
});

/** An admin approves (naming any error findings overridden) or rejects a checked review. */
export const DECIDE_REVIEW = actionSpec({
  name: "migrations.decide",
  role: "admin",
  input: z.object({
    reviewId,
    approve: z.boolean(),
    comment: z.string().trim().min(1, { error: "say why" }).max(2000),
    overrides: z.array(z.string().max(400)).max(200).default([]),
  }),
  async run(input, { actor, tx }) {
    const existing = await reviewFor(tx, input.reviewId);
    const review = await decideReview(
      tx,
      reviewContextFor(existing.targetId, existing.sourceId),
      input.reviewId,
      personOf(actor),
      { approve: input.approve, comment: input.comment, overrides: input.overrides },
    );
    return {
      data: { reviewId: review.id, state: review.state },
      audit: {
        ...auditOf(review, { decision: review.state, overrides: input.overrides }),
        reason: input.comment,
      },
    };
  },
  revalidate: () => PATHS,
});

/** An admin applies an approved review; the files run in the background on the locked session. */
export const APPLY_REVIEW = actionSpec({
  name: "migrations.apply",
  role: "admin",
  input: z.object({ reviewId, confirm: z.string().max(200).optional() }),
  async run(input, { actor }) {
    const existing = await reviewFor(home().db, input.reviewId);
    const started = await startApply(
      reviewContextFor(existing.targetId, existing.sourceId),
      input.reviewId,
      personOf(actor),
      input.confirm ?? null,
    );
    started.done.catch((error: unknown) =>
      console.error(`switchyard: review #${input.reviewId}:`, error),
    );
    return {
      data: { reviewId: input.reviewId, state: started.review.state },
      audit: auditOf(existing),
    };
  },
  revalidate: () => PATHS,
});

/** The requester or an admin cancels a review that has not started applying. */
export const CANCEL_REVIEW = actionSpec({
  name: "migrations.cancel_review",
  role: "operator",
  input: z.object({ reviewId }),
  async run(input, { actor, tx }) {
    await reviewFor(tx, input.reviewId);
    const review = await cancelReview(
      tx,
      input.reviewId,
      personOf(actor),
      actor ? hasRole(actor.role, "admin") : false,
    );
    return { data: { reviewId: review.id, state: review.state }, audit: auditOf(review) };
  },
  revalidate: () => PATHS,
});
