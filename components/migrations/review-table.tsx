import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Review } from "@/lib/migrations/review/review-model";
import { ReviewStateBadge } from "./review-state-badge";

/** Reviews, newest first: what, where, who asked, and where each stands. */
export function ReviewTable({ reviews }: { reviews: Review[] }) {
  if (reviews.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No reviews yet. Open a pending migration on the Migrations page to request one.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm" aria-label="Migration reviews">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Review</th>
          <th className="py-1 pr-3 font-medium">State</th>
          <th className="py-1 pr-3 font-medium">Target / source</th>
          <th className="py-1 pr-3 font-medium">Migrations</th>
          <th className="py-1 pr-3 font-medium">Requested</th>
          <th className="py-1 font-medium">Decided</th>
        </tr>
      </thead>
      <tbody>
        {reviews.map((review) => (
          <tr key={review.id} className="border-t border-slate-100 align-top">
            <td className="py-1.5 pr-3">
              <Link
                href={`/reviews/${review.id}`}
                className="font-medium text-sky-700 hover:underline"
              >
                #{review.id} {review.direction === "rollback" ? "rollback" : "apply"}
              </Link>
            </td>
            <td className="py-1.5 pr-3">
              <ReviewStateBadge state={review.state} />
            </td>
            <td className="py-1.5 pr-3 font-mono text-xs">
              {review.targetId} / {review.sourceId}
            </td>
            <td className="py-1.5 pr-3 font-mono text-xs">
              {review.files.map((file) => file.migrationId).join(", ")}
            </td>
            <td className="py-1.5 pr-3">
              {review.requestedBy.name} · <RelativeTime date={review.requestedAt} />
            </td>
            <td className="py-1.5">
              {review.decidedBy ? (
                <>
                  {review.decidedBy.name} · <RelativeTime date={review.decidedAt} />
                </>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
