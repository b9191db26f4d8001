import path from "node:path";
import { defineConfig } from "vitest/config";

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
  },
});
