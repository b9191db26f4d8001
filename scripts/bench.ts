import path from "node:path";
import { type EmbeddedServer, startEmbeddedPostgres } from "@/db/embedded-postgres";
import { checkIndexAdvice, type IndexAdvice, indexAdviceFor } from "@/db/jobs/index-advice";
import { BUILT_IN_ADAPTERS } from "@/db/systems/built-in-adapters";
import { discoverSystems } from "@/db/systems/discover";
import { closeConnection, connectPostgres, type PostgresConnection } from "@/db/targets/connect";
import { parseConfigText } from "@/lib/config/parse-config";
import { loadTheApp } from "./bench/app-under-load";
import { clearBulkQueue, runBulkRace } from "./bench/bulk-race";
import { prepareDataset } from "./bench/dataset";
import { BENCH_USAGE, type BenchOptions, parseBenchOptions } from "./bench/options";
import type { BenchSource } from "./bench/query-cases";
import { runQueryCases } from "./bench/query-cases";
import { type BenchReport, gitCommit, machine, markdown, writeReport } from "./bench/report";
import { runTableCases } from "./bench/table-cases";

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(options: BenchOptions): Promise<void> {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = options.databaseUrl;
  if (!serverUrl) {
    log("starting embedded PostgreSQL (set BENCH_DATABASE_URL to use a server)");
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(process.cwd(), ".switchyard", "bench", "postgres"),
    });
    serverUrl = embedded.url;
  }
  try {
    const dataset = await prepareDataset(serverUrl, options.jobs, options.fresh, log);
    const connection = connectPostgres(dataset.url, {
      statementTimeoutMs: 600_000,
      poolSize: 4,
      applicationName: "switchyard-bench",
    });
    try {
      await clearBulkQueue(connection.sql);
      const sources = await benchSources(connection, dataset.url);
      const advice = sources.flatMap(({ source }) => indexAdviceFor(source));
      await dropAdvice(connection, advice);
      const [version] = await connection.sql<{ v: string }[]>`select version() as v`;

      log(`queries, with the systems' own indexes (${options.runs} runs each)`);
      const withoutAdvice = [
        ...(await runQueryCases(connection, sources, options.runs, log)),
        ...(await runTableCases(connection, options.runs, log)),
      ];
      log("adding Switchyard's advised indexes");
      const advised = await checkIndexAdvice(connection, advice);
      for (const statement of advised.flatMap((entry) => entry.statements)) {
        await connection.sql.unsafe(statement);
      }
      await connection.sql`analyze`;
      log("queries, with the advised indexes");
      const withAdvice = [
        ...(await runQueryCases(connection, sources, options.runs, log)),
        ...(await runTableCases(connection, options.runs, log)),
      ];

      const marie = sources.find((entry) => entry.system === "marie");
      const bulk =
        options.bulk && marie
          ? await runBulkRace(
              connection,
              dataset.url,
              marie.source,
              Math.min(100_000, options.jobs),
              log,
            )
          : null;
      const http = options.http
        ? await loadTheApp(serverUrl, dataset.url, options.port, log)
        : null;

      const report: BenchReport = {
        at: new Date().toISOString(),
        commit: gitCommit(),
        machine: machine(),
        postgres: (version?.v ?? "").split(",")[0] ?? "",
        dataset: {
          name: dataset.name,
          jobs: dataset.jobs,
          reused: dataset.reused,
          buildSeconds: dataset.buildSeconds,
        },
        withoutAdvice,
        withAdvice,
        advisedIndexes: advised.flatMap((entry) => entry.statements),
        bulk,
        http,
      };
      console.log(`\n${markdown(report)}\n`);
      log(`wrote ${path.relative(process.cwd(), writeReport(report))}`);
    } finally {
      await closeConnection(connection);
    }
  } finally {
    await embedded?.stop();
  }
}

/** The scheduler's job table and the assistant's queue, as Switchyard detects them. */
async function benchSources(connection: PostgresConnection, url: string): Promise<BenchSource[]> {
  const config = parseConfigText(`targets:\n  - id: bench\n    url: ${JSON.stringify(url)}\n`, {
    source: "bench",
    baseDir: process.cwd(),
    env: {},
  });
  const target = config.targets[0];
  if (!target) throw new Error("no bench target");
  const systems = await discoverSystems(target, connection);
  const wanted: Record<string, string> = { marie: "extract", "coach-artie": "calculate" };
  return systems.instances.flatMap((instance) => {
    const queue = wanted[instance.system];
    const source = instance.sources[0];
    if (!queue || !source) return [];
    const adapter = BUILT_IN_ADAPTERS.find((candidate) => candidate.id === instance.system);
    return [
      { system: instance.system, source, queue, stuckThresholds: adapter?.stuckThresholds ?? {} },
    ];
  });
}

/** A reused dataset may hold the advised indexes from an earlier run: measure without them first. */
async function dropAdvice(connection: PostgresConnection, advice: readonly IndexAdvice[]) {
  for (const entry of await checkIndexAdvice(connection, advice)) {
    const schema = entry.table.includes(".") ? `${entry.table.split(".")[0]}.` : "";
    await connection.sql.unsafe(`drop index if exists ${schema}${entry.name}`);
  }
}

try {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  if (options === "help") {
    console.log(BENCH_USAGE);
  } else {
    await main(options);
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
