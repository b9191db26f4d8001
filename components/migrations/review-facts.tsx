import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Review } from "@/lib/migrations/review/review-model";

/** Who asked, who decided and who applied, with their words, and what the approval is bound to. */
export function ReviewFacts({ review, sourceName }: { review: Review; sourceName: string }) {
  const rows: [string, ReactNode][] = [
    [
      "Target / source",
      <span key="t">
        {review.targetId} / {sourceName}
      </span>,
    ],
    [
      "Direction",
      review.direction === "apply"
        ? "apply (UP parts, in order)"
        : "rollback (DOWN parts, newest first)",
    ],
    [
      "Requested",
      <span key="r">
        {review.requestedBy.name}, <RelativeTime date={review.requestedAt} />
        {review.note ? <span className="block text-slate-600">“{review.note}”</span> : null}
      </span>,
    ],
    ["Checked", <RelativeTime key="c" date={review.checkedAt} empty="not yet" />],
    [
      "Decided",
      review.decidedBy ? (
        <span key="d">
          {review.decidedBy.name}, <RelativeTime date={review.decidedAt} />
          {review.decisionComment ? (
            <span className="block text-slate-600">“{review.decisionComment}”</span>
          ) : null}
          {review.overriddenFindings.length > 0 ? (
            <span className="block text-red-800">
              Overrode: {review.overriddenFindings.join(", ")}
            </span>
          ) : null}
        </span>
      ) : (
        "not yet"
      ),
    ],
    [
      "Applied",
      review.appliedBy ? (
        <span key="a">
          {review.appliedBy.name}, started <RelativeTime date={review.applyStartedAt} />
          {review.finishedAt ? (
            <>
              , finished <RelativeTime date={review.finishedAt} />
            </>
          ) : null}
        </span>
      ) : (
        "not yet"
      ),
    ],
    [
      "Content (sha256)",
      <code key="h" className="break-all text-xs">
        {review.contentHash}
      </code>,
    ],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
