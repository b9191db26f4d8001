import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const chromium = process.env.PLAYWRIGHT_CHROMIUM || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `e2e: no Chromium at ${chromium}; install it with "apt-get update && apt-get install -y chromium" or set PLAYWRIGHT_CHROMIUM to its path.`,
  );
  process.exit(1);
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
const testDatabase = process.env.TEST_DATABASE_URL;
// Two checkouts running e2e at once need their own port and database names.
const databasePrefix = process.env.E2E_DATABASE_PREFIX ?? "sy_e2e_";
const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
// The e2e server is the demo itself, on fresh databases and without simulated traffic, so the
// tests see deterministic data: the machine's PostgreSQL when TEST_DATABASE_URL is set, else embedded.
const databaseArgs = testDatabase
  ? `--database-url ${shellQuote(testDatabase)} --database-prefix ${databasePrefix}`
  : "";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      // The long fault tests run apart: npm run test:faults (playwright.faults.config.ts).
      testIgnore: /faults[\\/]/,
      // Signed in as the demo viewer unless a test says otherwise.
      use: { browserName: "chromium", storageState: "test-results/auth/viewer.json" },
    },
  ],
  webServer: {
    command: `node --import tsx scripts/demo.ts --data-dir .switchyard/e2e --fresh --no-simulator --port ${PORT} ${databaseArgs}`,
    // 200 only when every target answers.
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
  },
});
