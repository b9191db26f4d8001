/**
 * Runs once per server process before it serves: validate the config, migrate the home schema,
 * read the server secret (so signed cursors and read-only passes verify even if the home
 * database goes away later), then start this instance's bulk worker and migration review worker.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUp } = await import("./db/start-up");
  await startUp();
  const { serverSecret } = await import("./db/signing-keys");
  // Without the home database now, the first request that needs the secret reads it.
  await serverSecret().catch(() => {});
  const { startBulkWorker } = await import("./db/bulk/bulk-worker");
  startBulkWorker();
  const { startReviewWorker } = await import("./db/migrations/reviews/review-worker");
  startReviewWorker();
}
