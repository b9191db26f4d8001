import { Badge } from "@/components/ui/badge";
import type { ReviewState } from "@/lib/migrations/review/review-model";
import type { Tone } from "@/lib/tone";

const TONE: Record<ReviewState, Tone> = {
  requested: "neutral",
  checked: "blue",
  approved: "violet",
  rejected: "amber",
  applying: "blue",
  applied: "green",
  failed: "red",
  cancelled: "neutral",
};

export const REVIEW_STATE_MEANING: Record<ReviewState, string> = {
  requested: "waiting for its lint and dry run",
  checked: "lint and dry run attached; waiting for an admin's decision",
  approved: "approved for exactly these files; an admin can apply it",
  rejected: "rejected by an admin",
  applying: "running on the target now",
  applied: "every file ran and was recorded in the ledger",
  failed: "a file failed (or the apply was interrupted); see the error",
  cancelled: "cancelled before it was applied",
};

export function ReviewStateBadge({ state }: { state: ReviewState }) {
  return (
    <Badge tone={TONE[state]} title={REVIEW_STATE_MEANING[state]}>
      {state}
    </Badge>
  );
}
