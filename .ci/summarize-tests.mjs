// Sums the Vitest and Playwright JSON reports into the one line CI reads.
import fs from "node:fs";

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;

const vitest = read("test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
}

// npm test's e2e run, then npm run test:faults.
for (const file of ["test-results/playwright.json", "test-results/playwright-faults.json"]) {
  const playwright = read(file);
  if (playwright?.stats) {
    passed += playwright.stats.expected ?? 0;
    failed += (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
  }
}

console.log(`tests: ${passed} passed, ${failed} failed`);
