import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { SESSION_COOKIE } from "@/db/auth/request-context";
import { createSession } from "@/db/auth/sessions";
import { connectHome } from "@/db/connect-home";
import { migrateHome } from "@/db/migrate-home";
import { operators } from "@/db/schema";
import { buildIfStale } from "../demo/build-if-stale";
import { ensureDemoAccounts } from "../demo/demo-accounts";
import { startNextServer, waitUntilServing } from "../demo/next-server";
import { databaseUrl } from "./dataset";
import { loadPage, type PageLoad, peakMemoryMb } from "./http-load";

export interface HttpResult {
  clients: number;
  seconds: number;
  pages: PageLoad[];
  peakMemoryMb: number;
}

const CLIENTS = 10;
const SECONDS = 20;

/**
 * The production server (`npm start`) on the benchmark database, signed in as the demo viewer,
 * under 10 clients per page for 20 s each; then the server's peak memory.
 */
export async function loadTheApp(
  serverUrl: string,
  targetUrl: string,
  port: number,
  log: (line: string) => void,
): Promise<HttpResult> {
  const root = process.cwd();
  const dataDir = path.join(root, ".switchyard", "bench");
  fs.mkdirSync(dataDir, { recursive: true });
  const homeUrl = await ensureDatabase(serverUrl, "sy_bench_home");
  const config = path.join(dataDir, "switchyard.yaml");
  fs.writeFileSync(
    config,
    `# Written by npm run bench.\nhome: ${JSON.stringify(homeUrl)}\ntargets:\n  - id: bench\n    name: Benchmark\n    url: ${JSON.stringify(targetUrl)}\n    statementTimeoutMs: 10000\n`,
  );
  await buildIfStale(root, log);
  await migrateHome(homeUrl);
  await ensureDemoAccounts(homeUrl, dataDir);
  const cookie = `${SESSION_COOKIE}=${await viewerSession(homeUrl)}`;

  const server = startNextServer(root, port, { SWITCHYARD_CONFIG: config });
  try {
    await waitUntilServing(server, port, 120_000);
    const base = `http://127.0.0.1:${port}`;
    const pages: PageLoad[] = [];
    for (const page of ["/", "/queues/bench/marie/extract", "/stuck"]) {
      const load = await loadPage(base, page, cookie, CLIENTS, SECONDS);
      log(
        `  ${page}: ${load.requestsPerSecond} req/s, median ${load.medianMs} ms, p99 ${load.p99Ms} ms, ${load.errors} errors`,
      );
      pages.push(load);
    }
    const memory = server.child.pid ? peakMemoryMb(server.child.pid) : 0;
    log(`  server peak memory: ${memory} MB`);
    return { clients: CLIENTS, seconds: SECONDS, pages, peakMemoryMb: memory };
  } finally {
    await server.stop();
  }
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

async function viewerSession(homeUrl: string): Promise<string> {
  const home = connectHome(homeUrl, 1);
  try {
    const [viewer] = await home.db
      .select({ id: operators.id })
      .from(operators)
      .where(eq(operators.name, "viewer"));
    if (!viewer) throw new Error("the demo viewer account is missing");
    return await createSession(home.db, viewer.id, { maxHours: 2, ip: null, userAgent: "bench" });
  } finally {
    await home.sql.end();
  }
}
