import "server-only";
import type { Actor } from "@/db/auth/request-context";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { findTarget } from "@/db/targets/registry";
import { hasRole } from "@/lib/auth/roles";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import type { Migration } from "@/lib/migrations/model";
import type { SourceReport } from "@/lib/migrations/report";
import { type Coverage, reviewCoverage } from "@/lib/migrations/review/review-coverage";
import type { Review, ReviewDirection } from "@/lib/migrations/review/review-model";
import { listReviews } from "./review-view";

export interface MigrationReviewOptions {
  direction: ReviewDirection | null;
  coverage: Coverage | null;
  /** Why the caller cannot request a review here, or null. */
  blockedBecause: string | null;
  /** Reviews that cover this migration, newest first. */
  reviews: Review[];
}

/** What the migration page offers: a review to apply it (or roll it back), or why not. */
export async function loadMigrationReviewOptions(
  targetId: string,
  source: SourceReport,
  migration: Migration,
  actor: Actor,
): Promise<MigrationReviewOptions> {
  const direction: ReviewDirection | null =
    migration.state === "applied"
      ? "rollback"
      : ["pending", "appears_applied", "out_of_order"].includes(migration.state)
        ? "apply"
        : null;
  const target = findTarget(targetId);
  const blockedBecause = !target
    ? `Target "${targetId}" is not configured.`
    : target.readOnly
      ? `Target "${targetId}" is read-only: nothing is applied to it from Switchyard.`
      : source.readOnly
        ? `${source.name} is read-only: its migrations are never applied from Switchyard.`
        : !hasRole(actor.role, "operator")
          ? "An operator requests reviews; an admin approves and applies them."
          : null;
  const listed = await orHomeUnavailable(
    readHome(() => listReviews({ target: targetId, limit: 200 })),
  );
  if (listed instanceof HomeUnavailableError) {
    return {
      direction,
      coverage: null,
      blockedBecause: `Switchyard's home database is unavailable (${listed.message}): reviews can be neither shown nor requested until it is back.`,
      reviews: [],
    };
  }
  const reviews = listed.filter(
    (review) =>
      review.sourceId === source.id &&
      review.files.some((file) => file.migrationId === migration.id),
  );
  return {
    direction,
    coverage: direction ? reviewCoverage(source.migrations, direction, migration.id) : null,
    blockedBecause,
    reviews,
  };
}
