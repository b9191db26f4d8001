import "server-only";
import { ActionRefusal } from "@/db/actions/action-refusal";
import { migrationHash } from "@/lib/migrations/review/file-hash";
import { reviewCoverage } from "@/lib/migrations/review/review-coverage";
import type { ReviewDirection, ReviewFile } from "@/lib/migrations/review/review-model";
import { reconcileSource } from "../reconcile-source";
import type { ReviewContext } from "./review-context";

/** The migrations a review of `through` covers on the target now, with their exact text. */
export async function scopeReview(
  context: ReviewContext,
  direction: ReviewDirection,
  through: string,
): Promise<ReviewFile[]> {
  const { target, source } = context;
  if (source.readOnly) {
    throw new ActionRefusal(
      "source_read_only",
      `${source.name} is read-only: its migrations are shown here but never applied from Switchyard.`,
    );
  }
  const report = await reconcileSource(source, {
    targetId: target.id,
    connection: context.connection,
    home: context.home.sql,
  });
  const coverage = reviewCoverage(report.migrations, direction, through);
  if (!coverage.ok) throw new ActionRefusal("not_reviewable", coverage.reason);
  // Every covered migration has its file (pending ones exist on disk) and, for a rollback, a DOWN
  // part (reviewCoverage checks it); an empty UP part still runs, as zero statements plus its row.
  return coverage.migrations.flatMap(({ file }) =>
    file
      ? [
          {
            migrationId: file.id,
            name: file.name,
            sql: (direction === "apply" ? file.upSql : file.downSql) ?? "",
            fileHash: migrationHash(file),
          },
        ]
      : [],
  );
}
