import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * `npm run test:faults`: the long fault tests (e2e/faults/), on their own fresh demo like the main
 * e2e run. They start extra app instances, cut a target's connections, kill a server with
 * SIGKILL and put 50 clients of load on one, so they run apart from `npm test`.
 */
export default defineConfig({
  ...base,
  timeout: 120_000,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright-faults.json" }]],
  outputDir: "test-results/playwright-faults",
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "faults",
      dependencies: ["setup"],
      testMatch: /faults[\\/].+\.spec\.ts$/,
      use: { browserName: "chromium", storageState: "test-results/auth/viewer.json" },
    },
  ],
});
