import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Jobs in the scheduler's `job` table; the assistant's `queue` gets a quarter as many. */
  jobs: number;
  /** Rebuild the dataset even when one of this size exists. */
  fresh: boolean;
  /** Timed runs per measurement (after a warm-up). */
  runs: number;
  /** PostgreSQL server (superuser URL); else BENCH_DATABASE_URL, TEST_DATABASE_URL, embedded. */
  databaseUrl?: string;
  http: boolean;
  bulk: boolean;
  port: number;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Builds a scratch database with the scheduler's partitioned job table and the assistant's queue,
then measures Switchyard's queries against naive baselines, the pages over HTTP and a bulk retry
racing a worker. Prints a Markdown table and writes JSON to bench/results/.

  --jobs <n>              jobs in the scheduler's table (default 1000000; 10M, 500k accepted)
  --fresh                 rebuild the dataset even if one of this size exists
  --runs <n>              timed runs per measurement (default 20, at least 5)
  --database-url <url>    PostgreSQL server to build on (default $BENCH_DATABASE_URL,
                          then $TEST_DATABASE_URL, then an embedded server)
  --no-http               skip the HTTP load test (it builds and starts the app)
  --no-bulk               skip the bulk retry race
  --port <n>              port of the app under load (default 3900)
  -h, --help              show this help`;

/** "10M", "500k", "1_000_000" or "1000000". */
export function parseCount(text: string): number | null {
  const match = /^(\d[\d_]*)(k|m)?$/i.exec(text.trim());
  if (!match?.[1]) return null;
  const base = Number(match[1].replaceAll("_", ""));
  const unit = match[2]?.toLowerCase();
  const value = unit === "m" ? base * 1_000_000 : unit === "k" ? base * 1_000 : base;
  return Number.isSafeInteger(value) ? value : null;
}

export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      jobs: { type: "string", default: "1000000" },
      fresh: { type: "boolean", default: false },
      runs: { type: "string", default: "20" },
      "database-url": { type: "string" },
      "no-http": { type: "boolean", default: false },
      "no-bulk": { type: "boolean", default: false },
      port: { type: "string", default: "3900" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const jobs = parseCount(values.jobs);
  if (jobs === null || jobs < 10_000 || jobs > 100_000_000) {
    throw new Error(`--jobs: expected a number from 10000 to 100M, got "${values.jobs}"`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5 || runs > 1000) {
    throw new Error(`--runs: expected a whole number from 5 to 1000, got "${values.runs}"`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`--port: expected a port number, got "${values.port}"`);
  }
  const databaseUrl =
    values["database-url"] ?? env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("--database-url: expected a postgres:// URL");
  }
  return {
    jobs,
    fresh: values.fresh,
    runs,
    databaseUrl,
    http: !values["no-http"],
    bulk: !values["no-bulk"],
    port,
  };
}
