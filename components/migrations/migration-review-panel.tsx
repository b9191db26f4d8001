import type { ReactNode } from "react";
import { Panel } from "@/components/ui/panel";
import type { MigrationReviewOptions } from "@/db/queries/migration-review-options";
import type { Result } from "@/lib/result";
import { RequestReviewForm } from "./request-review-form";
import { ReviewTable } from "./review-table";

interface MigrationReviewPanelProps {
  target: string;
  source: string;
  migrationId: string;
  options: MigrationReviewOptions;
  request: (input: unknown) => Promise<Result<{ reviewId: number }>>;
}

/** Reviews of this migration, and the request of a new one (apply or rollback) where it can be. */
export function MigrationReviewPanel({
  target,
  source,
  migrationId,
  options,
  request,
}: MigrationReviewPanelProps) {
  const { direction, coverage, blockedBecause, reviews } = options;
  let body: ReactNode = null;
  if (!direction) {
    body = (
      <p className="text-sm text-slate-500">
        A migration in this state cannot be applied or rolled back from here.
      </p>
    );
  } else if (blockedBecause) {
    body = <p className="text-sm text-slate-600">{blockedBecause}</p>;
  } else if (coverage && !coverage.ok) {
    body = <p className="text-sm text-slate-600">{coverage.reason}</p>;
  } else if (coverage?.ok) {
    body = (
      <RequestReviewForm
        target={target}
        source={source}
        through={migrationId}
        direction={direction}
        covers={coverage.migrations.map((migration) => migration.id)}
        request={request}
      />
    );
  }
  return (
    <Panel title={direction === "rollback" ? "Roll back" : "Review and apply"}>
      <div className="flex flex-col gap-4">
        {body}
        {reviews.length > 0 ? <ReviewTable reviews={reviews} /> : null}
      </div>
    </Panel>
  );
}
