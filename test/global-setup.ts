import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded-postgres";

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
  const server = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `switchyard-test-pg-${process.pid}`),
  });
  project.provide("adminDatabaseUrl", server.url);
  return () => server.stop();
}
