"use client";

import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import type { Result } from "@/lib/result";

interface RequestReviewFormProps {
  target: string;
  source: string;
  through: string;
  direction: "apply" | "rollback";
  /** The migrations the review will cover, in the order they run. */
  covers: string[];
  request: (input: unknown) => Promise<Result<{ reviewId: number }>>;
}

/** Asks for a review (apply or rollback) with a note; opens the review once recorded. */
export function RequestReviewForm({
  target,
  source,
  through,
  direction,
  covers,
  request,
}: RequestReviewFormProps) {
  const router = useRouter();
  const verb = direction === "apply" ? "apply" : "roll back";
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p className="text-slate-600">
        A review to {verb} {covers.length === 1 ? "this migration" : `${covers.length} migrations`}
        {covers.length > 1 ? `, in this order: ${covers.join(", ")}` : ""}. Lint and a dry run (in a
        transaction that is rolled back) are attached automatically; then another admin approves or
        rejects it.
      </p>
      <ActionForm
        label={`Request a review to ${verb}`}
        action={request}
        values={{ target, source, through, direction }}
        submitLabel={direction === "apply" ? "Request review" : "Request rollback review"}
        onSuccess={(data) => router.push(`/reviews/${data.reviewId}`)}
      >
        <label className="flex grow flex-col gap-1">
          <span className="text-xs text-slate-500">Note for the reviewer</span>
          <textarea
            name="note"
            rows={2}
            maxLength={2000}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
      </ActionForm>
    </div>
  );
}
