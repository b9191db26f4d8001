/**
 * Applies one approved review from its own process, for the concurrency and crash tests.
 * Env: DATABASE_URL (home and target), FOLDER (a numbered source), REVIEW_ID. Prints one JSON
 * line: { ok: true, state } once the apply has ended, or { ok: false, code, message }.
 */
import { ActionRefusal } from "../db/actions/action-refusal";
import { startApply } from "../db/migrations/apply/apply-review";
import { ADMIN, reviewContext } from "../db/migrations/testing/review-fixture";

const context = reviewContext(process.env.DATABASE_URL ?? "", process.env.FOLDER ?? "");
try {
  const started = await startApply(context, Number(process.env.REVIEW_ID), ADMIN, null);
  const ended = await started.done;
  console.log(JSON.stringify({ ok: true, state: ended.state }));
} catch (error) {
  if (!(error instanceof ActionRefusal)) throw error;
  console.log(JSON.stringify({ ok: false, code: error.code, message: error.message }));
}
process.exit(0);
