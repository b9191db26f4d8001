import path from "node:path";
import { defineConfig } from "vitest/config";

function isPostgresWriteAfterClose(error: { message?: string; stack?: string }): boolean {
  return (
    error.message === "Cannot read properties of null (reading 'write')" &&
    /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.resolve(import.meta.dirname, "$1") },
      // `server-only` throws outside React Server Components; tests call server code directly.
      {
        find: "server-only",
        replacement: path.resolve(import.meta.dirname, "test/empty-module.ts"),
      },
    ],
  },
  test: {
    include: ["{lib,db,scripts,app,components,test}/**/*.test.{ts,tsx}"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    // postgres.js 3.4.9 writes once more to a socket it has already dropped when a connection is
    // cut in the middle of a transaction (db/bulk/target-outage.test.ts does that on purpose),
    // throwing from a timer. The app's server logs such errors and keeps serving; tests ignore
    // exactly that one.
    onUnhandledError: (error) => !isPostgresWriteAfterClose(error),
  },
});
