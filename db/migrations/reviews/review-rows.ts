import "server-only";
import { eq } from "drizzle-orm";
import type { HomeExecutor } from "@/db/home-executor";
import { migrationReviews } from "@/db/schema";
import { NotFoundError } from "@/lib/input-error";
import type {
  Review,
  ReviewDirection,
  ReviewPerson,
  ReviewState,
} from "@/lib/migrations/review/review-model";

type ReviewRow = typeof migrationReviews.$inferSelect;

const person = (id: string | null, name: string | null): ReviewPerson | null =>
  id !== null && name !== null ? { id, name } : null;

const date = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value : new Date(value);

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    targetId: row.targetId,
    sourceId: row.sourceId,
    direction: row.direction as ReviewDirection,
    state: row.state as ReviewState,
    files: row.files,
    contentHash: row.contentHash,
    note: row.note,
    requestedBy: { id: row.requestedById, name: row.requestedBy },
    requestedAt: row.requestedAt,
    lint: row.lint,
    dryRun: row.dryRun,
    checkedAt: date(row.checkedAt),
    decidedBy: person(row.decidedById, row.decidedBy),
    decidedAt: date(row.decidedAt),
    decisionComment: row.decisionComment,
    overriddenFindings: row.overriddenFindings,
    appliedBy: person(row.appliedById, row.appliedBy),
    applyStartedAt: date(row.applyStartedAt),
    finishedAt: date(row.finishedAt),
    progress: row.progress,
    error: row.error,
  };
}

/** One review; `lock` takes its row lock for the rest of the transaction. */
export async function loadReview(
  db: HomeExecutor,
  id: number,
  options: { lock?: boolean } = {},
): Promise<Review> {
  const query = db.select().from(migrationReviews).where(eq(migrationReviews.id, id));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("review", String(id), `no migration review #${id}`);
  return toReview(row);
}
