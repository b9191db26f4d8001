import type { ReactNode } from "react";
import { ActionForm } from "@/components/ui/action-form";
import type { ReviewDetail } from "@/db/queries/review-view";
import { hasRole, type Role } from "@/lib/auth/roles";
import { BEFORE_APPLY } from "@/lib/migrations/review/review-model";
import type { Result } from "@/lib/result";
import { ReviewApplyForm } from "./review-apply-form";
import { ReviewDecisionForm } from "./review-decision-form";

type Action = (input: unknown) => Promise<Result<{ state: string }>>;

interface ReviewActionsProps {
  detail: ReviewDetail;
  actor: { id: string; role: Role };
  decide: Action;
  apply: Action;
  cancel: Action;
}

/** The one next step the caller can take on the review, or why they cannot. */
export function ReviewActions({ detail, actor, decide, apply, cancel }: ReviewActionsProps) {
  const { review } = detail;
  const admin = hasRole(actor.role, "admin");
  const own = review.requestedBy.id === actor.id;
  const values = { reviewId: review.id };
  const cancelForm =
    BEFORE_APPLY.includes(review.state) && (admin || own) ? (
      <ActionForm
        label="Cancel the review"
        action={cancel}
        values={values}
        submitLabel="Cancel review"
        tone="plain"
      />
    ) : null;
  const say = (text: string) => <p className="text-sm text-slate-600">{text}</p>;

  let next: ReactNode;
  if (detail.voidReason && review.state !== "rejected") {
    next = say(
      "Nothing can be approved or applied: the files changed. Cancel this review and request a new one.",
    );
  } else if (review.state === "requested") {
    next = say("The lint and the dry run are running; this page refreshes by itself.");
  } else if (review.state === "checked") {
    if (!admin) next = say("An admin approves or rejects it.");
    else if (own && !detail.allowSelfApproval)
      next = say(
        "You requested this review: another admin must approve it (this target does not allow self-approval). You can still reject or cancel it.",
      );
    next = (
      <>
        {next}
        {admin ? (
          <ReviewDecisionForm
            reviewId={review.id}
            blockers={detail.blockers}
            approvable={!own || detail.allowSelfApproval}
            decide={decide}
          />
        ) : null}
      </>
    );
  } else if (review.state === "approved") {
    next = admin ? (
      <ReviewApplyForm
        reviewId={review.id}
        direction={review.direction}
        typedConfirmation={detail.typedConfirmation}
        apply={apply}
      />
    ) : (
      say("Approved: an admin applies it.")
    );
  } else if (review.state === "applying") {
    next = say("Applying now, one file at a time; this page follows its progress.");
  } else {
    next = say(`This review is ${review.state}; nothing more happens to it.`);
  }
  return (
    <div className="flex flex-col gap-3">
      {next}
      {cancelForm}
    </div>
  );
}
