import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HttpResult } from "./app-under-load";
import type { BulkRaceResult } from "./bulk-race";
import type { Dataset } from "./dataset";
import type { QueryCase } from "./query-cases";

export interface BenchReport {
  at: string;
  commit: string;
  machine: { cpus: string; cores: number; memoryGb: number; node: string };
  postgres: string;
  dataset: Omit<Dataset, "url">;
  /** Query cases with only the systems' own indexes, then with Switchyard's advised ones added. */
  withoutAdvice: QueryCase[];
  withAdvice: QueryCase[];
  advisedIndexes: string[];
  bulk: BulkRaceResult | null;
  http: HttpResult | null;
}

export function machine(): BenchReport["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
  };
}

export function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** Writes the JSON next to the previous runs and returns the path. */
export function writeReport(report: BenchReport): string {
  const folder = path.join(process.cwd(), "bench", "results");
  fs.mkdirSync(folder, { recursive: true });
  const stamp = report.at.replaceAll(":", "-").replace(/\..*$/, "");
  const file = path.join(folder, `${stamp}-${report.dataset.jobs}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export function markdown(report: BenchReport): string {
  const lines = [
    `Dataset: ${report.dataset.jobs.toLocaleString("en")} scheduler jobs (+ ${Math.ceil(report.dataset.jobs / 4).toLocaleString("en")} assistant tasks); ` +
      `${report.postgres}; ${report.machine.cores} × ${report.machine.cpus}, ${report.machine.memoryGb} GB; commit ${report.commit}.`,
    "",
    "| case | Switchyard median (p95) | naive baseline | baseline median (p95) | ratio | with advised indexes: median (p95) | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const without of report.withoutAdvice) {
    const withAdvice = report.withAdvice.find((entry) => entry.id === without.id);
    lines.push(
      `| ${without.label} | ${timing(without.switchyard)} | ${without.baselineLabel ?? "—"} | ` +
        `${without.baseline ? timing(without.baseline) : "—"} | ${ratio(without.ratio)} | ` +
        `${withAdvice ? timing(withAdvice.switchyard) : "—"} | ${ratio(withAdvice?.ratio ?? null)} |`,
    );
  }
  const created = report.advisedIndexes.filter((statement) => !statement.includes(" ATTACH "));
  if (created.length > 0) {
    lines.push(
      "",
      "Advised indexes added for the last two columns (partitions: one per partition, attached):",
      "",
    );
    for (const statement of created.filter((text) => !/_p\d+ ON /.test(text))) {
      lines.push(`    ${statement}`);
    }
  }
  if (report.bulk) {
    const bulk = report.bulk;
    lines.push(
      "",
      `Bulk retry of ${bulk.jobs.toLocaleString("en")} failed jobs racing a worker: ${bulk.seconds} s, ` +
        `${bulk.jobsPerSecond.toLocaleString("en")} jobs/s (${bulk.changed.toLocaleString("en")} changed, ${bulk.skipped} skipped); ` +
        `the worker claimed ${bulk.workerClaims.toLocaleString("en")} times and completed ${bulk.workerCompleted.toLocaleString("en")} jobs, slowest claim ${bulk.longestClaimMs} ms.`,
    );
  }
  if (report.http) {
    lines.push(
      "",
      `Pages over HTTP (npm start), ${report.http.clients} concurrent clients, ${report.http.seconds} s each:`,
      "",
      "| page | requests/s | median | p99 | errors |",
      "| --- | --- | --- | --- | --- |",
      ...report.http.pages.map(
        (page) =>
          `| \`${page.path}\` | ${page.requestsPerSecond} | ${page.medianMs} ms | ${page.p99Ms} ms | ${page.errors} |`,
      ),
      "",
      `Server peak memory: ${report.http.peakMemoryMb} MB.`,
    );
  }
  return lines.join("\n");
}

function timing(value: { medianMs: number; p95Ms: number }): string {
  return `${value.medianMs} ms (${value.p95Ms})`;
}

function ratio(value: number | null): string {
  return value === null ? "—" : `${value}×`;
}
