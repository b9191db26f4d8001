import type { Migration, MigrationState } from "../model";
import type { ReviewDirection } from "./review-model";

/**
 * States of a migration that is not in the database yet and can be applied. An out-of-order file
 * can be too: applying it late is how it gets fixed, and the review shows what that does.
 */
const NOT_APPLIED: readonly MigrationState[] = ["pending", "appears_applied", "out_of_order"];

export type Coverage = { ok: true; migrations: Migration[] } | { ok: false; reason: string };

/**
 * The migrations a review of `through` covers, in the order they run. Applying covers every
 * not-yet-applied migration up to and including it, in file order; rolling back covers
 * every applied migration from the newest down to it.
 */
export function reviewCoverage(
  migrations: readonly Migration[],
  direction: ReviewDirection,
  through: string,
): Coverage {
  const candidates =
    direction === "apply"
      ? migrations.filter((migration) => NOT_APPLIED.includes(migration.state))
      : migrations.filter((migration) => migration.state === "applied").reverse();
  const index = candidates.findIndex((migration) => migration.id === through);
  if (index < 0) {
    return {
      ok: false,
      reason:
        direction === "apply"
          ? `${through} is not pending on this target: there is nothing to apply.`
          : `${through} is not applied on this target: there is nothing to roll back.`,
    };
  }
  const covered = candidates.slice(0, index + 1);
  const script = covered.find((migration) => migration.file?.meta.language === "js");
  if (script) {
    return {
      ok: false,
      reason: `${script.id} is a JavaScript migration: Switchyard runs SQL only, so apply it with its own tool.`,
    };
  }
  if (direction === "rollback") {
    const withoutDown = covered.find((migration) => !migration.file?.downSql);
    if (withoutDown) {
      return {
        ok: false,
        reason: `${withoutDown.id} has no DOWN part (no "-- DOWN" section, no .down.sql): it cannot be rolled back from Switchyard.`,
      };
    }
  }
  return { ok: true, migrations: covered };
}
