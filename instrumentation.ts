/**
 * Runs once per server process before it serves: validate the config, migrate the home schema,
 * then start this instance's bulk worker and migration review worker.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUp } = await import("./db/start-up");
  await startUp();
  const { startBulkWorker } = await import("./db/bulk/bulk-worker");
  startBulkWorker();
  const { startReviewWorker } = await import("./db/migrations/reviews/review-worker");
  startReviewWorker();
}
