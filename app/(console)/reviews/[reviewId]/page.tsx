import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FileRuns } from "@/components/migrations/file-runs";
import { LintPanel } from "@/components/migrations/lint-panel";
import { ReviewActions } from "@/components/migrations/review-actions";
import { ReviewFacts } from "@/components/migrations/review-facts";
import { REVIEW_STATE_MEANING, ReviewStateBadge } from "@/components/migrations/review-state-badge";
import { SqlView } from "@/components/migrations/sql-view";
import { Alert } from "@/components/ui/alert";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RefreshWhile } from "@/components/ui/refresh-while";
import { requirePageRole } from "@/db/auth/page-guard";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { loadReviewDetail } from "@/db/queries/review-view";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { NotFoundError } from "@/lib/input-error";
import { applyReviewAction, cancelReviewAction, decideReviewAction } from "../actions";

export const dynamic = "force-dynamic";

interface ReviewPageProps {
  params: Promise<{ reviewId: string }>;
}

export async function generateMetadata({ params }: ReviewPageProps): Promise<Metadata> {
  return { title: `Review #${(await params).reviewId}` };
}

export default async function ReviewPage({ params }: ReviewPageProps) {
  const actor = await requirePageRole("viewer");
  const id = Number((await params).reviewId);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const detail = await orHomeUnavailable(readHome(() => loadReviewDetail(id))).catch(
    (error: unknown) => {
      if (error instanceof NotFoundError) notFound();
      throw error;
    },
  );
  if (detail instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title={`Review #${id}`} error={detail} />;
  }
  const { review } = detail;
  const verb = review.direction === "apply" ? "apply" : "roll back";
  return (
    <>
      <RefreshWhile
        active={review.state === "requested" || review.state === "applying"}
        everyMs={1_000}
      />
      <Breadcrumbs items={[{ label: "Reviews", href: "/reviews" }, { label: `#${review.id}` }]} />
      <PageHeader
        title={`Review #${review.id}: ${verb} ${review.files.map((file) => file.migrationId).join(", ")}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ReviewStateBadge state={review.state} />
            <span>{REVIEW_STATE_MEANING[review.state]}</span>
          </span>
        }
      />
      <div className="flex flex-col gap-4">
        {detail.voidReason ? (
          <Alert tone="danger" title="The files changed since this review was requested">
            {detail.voidReason}. {review.state === "approved" ? "The approval is void: " : ""}
            request a new review of the files as they are now.
          </Alert>
        ) : null}
        {review.error ? (
          <Alert
            tone={review.state === "failed" ? "danger" : "warning"}
            title={review.state === "failed" ? "It failed" : "Note"}
          >
            {review.error}
          </Alert>
        ) : null}
        <Panel title="Review">
          <ReviewFacts review={review} sourceName={detail.sourceName} />
        </Panel>
        <Panel title="What can happen next">
          <ReviewActions
            detail={detail}
            actor={{ id: `${actor.kind}:${actor.id}`, role: actor.role }}
            decide={decideReviewAction}
            apply={applyReviewAction}
            cancel={cancelReviewAction}
          />
        </Panel>
        {review.progress.length > 0 ? (
          <Panel title={review.direction === "apply" ? "Apply" : "Rollback"}>
            <FileRuns runs={review.progress} label="Applied statements" />
          </Panel>
        ) : null}
        {(review.lint ?? []).map((lint) => (
          <LintPanel key={lint.migrationId} title={`Lint: ${lint.migrationId}`} result={lint} />
        ))}
        <Panel
          title="Dry run"
          aside={
            review.dryRun ? (
              <span className="text-xs text-slate-500">
                lock_timeout {review.dryRun.lockTimeoutMs} ms · statement_timeout{" "}
                {review.dryRun.statementTimeoutMs} ms
              </span>
            ) : null
          }
        >
          {review.dryRun ? (
            <div className="flex flex-col gap-3">
              <p className="text-sm">
                {review.dryRun.ok ? "Every statement ran" : "It failed"} in a transaction that was
                then rolled back;{" "}
                {review.dryRun.catalogUnchanged === true
                  ? "the catalog afterwards was identical to before."
                  : review.dryRun.catalogUnchanged === false
                    ? "the catalog afterwards DIFFERED from before (see the notes)."
                    : "the catalog was not compared."}
              </p>
              {review.dryRun.notes.map((note) => (
                <p key={note} className="text-sm text-slate-500">
                  {note}
                </p>
              ))}
              <FileRuns runs={review.dryRun.files} label="Dry run" />
            </div>
          ) : (
            <p className="text-sm text-slate-500">
              Not run yet: the checks start within seconds of the request.
            </p>
          )}
        </Panel>
        {review.files.map((file) => (
          <Panel
            key={file.migrationId}
            title={`${review.direction === "apply" ? "Up" : "Down"}: ${file.migrationId}`}
          >
            <SqlView sql={file.sql} label={`SQL of ${file.migrationId}`} />
          </Panel>
        ))}
      </div>
    </>
  );
}
