import { connectHome, type HomeDatabase } from "@/db/connect-home";
import { connectPostgres } from "@/db/targets/connect";
import type { MigrationSourceConfig } from "@/lib/config/migrations-schema";
import type { Review, ReviewDirection } from "@/lib/migrations/review/review-model";
import { approvalBlockers } from "@/lib/migrations/review/review-policy";
import { testTarget } from "@/test/target-config";
import { checkReview } from "../reviews/check-review";
import { decideReview } from "../reviews/decide-review";
import { requestReview } from "../reviews/request-review";
import type { ReviewContext } from "../reviews/review-context";
import { loadReview } from "../reviews/review-rows";
import { sourceConfig } from "./source-fixture";

export const REQUESTER = { id: "operator:requester", name: "olivia" };
export const ADMIN = { id: "operator:admin", name: "admin" };
export const ADMIN2 = { id: "operator:admin2", name: "admin2" };

/** A review context on one database that is both home and target, over a numbered folder. */
export function reviewContext(
  url: string,
  folder: string,
  source: Partial<MigrationSourceConfig> = {},
  home: HomeDatabase = connectHome(url, 3),
): ReviewContext {
  const config = sourceConfig(folder, "numbered", { id: "src", ...source });
  return {
    target: testTarget({ url }, { id: "t", migrations: [config] }),
    source: config,
    connection: connectPostgres(url, { statementTimeoutMs: 20_000, poolSize: 3 }),
    home,
  };
}

/** Requests a review and runs its checks, as the review worker would. */
export async function checkedReview(
  context: ReviewContext,
  through: string,
  direction: ReviewDirection = "apply",
): Promise<Review> {
  const requested = await context.home.db.transaction((tx) =>
    requestReview(tx, context, { direction, through, note: "please" }, REQUESTER),
  );
  await context.home.db.transaction(async (tx) => {
    await checkReview(tx, context, await loadReview(tx, requested.id, { lock: true }));
  });
  return loadReview(context.home.db, requested.id);
}

/** A checked review approved by ADMIN2, overriding whatever blocks it. */
export async function approvedReview(
  context: ReviewContext,
  through: string,
  direction: ReviewDirection = "apply",
): Promise<Review> {
  const checked = await checkedReview(context, through, direction);
  return context.home.db.transaction((tx) =>
    decideReview(tx, context, checked.id, ADMIN2, {
      approve: true,
      comment: "looks right",
      overrides: approvalBlockers(checked).map((blocker) => blocker.key),
    }),
  );
}
