import fs from "node:fs";
import path from "node:path";
import { type EmbeddedServer, startEmbeddedPostgres } from "@/db/embedded-postgres";
import { migrateHome } from "@/db/migrate-home";
import { buildIfStale } from "./demo/build-if-stale";
import { ensureDemoAccounts } from "./demo/demo-accounts";
import { seedDemoLedger } from "./demo/demo-migrations";
import { type NextServer, startNextServer, waitUntilServing } from "./demo/next-server";
import { DEMO_USAGE, type DemoOptions, parseDemoOptions } from "./demo/options";
import { prepareDemoDatabases } from "./demo/prepare-databases";
import { type Simulator, startSimulator } from "./demo/simulator";
import { writeDemoConfig } from "./demo/write-config";

const root = process.cwd();
const log = (line: string) => console.log(`[demo] ${line}`);

let embedded: EmbeddedServer | undefined;
let server: NextServer | undefined;
let simulator: Simulator | undefined;
let stopping: Promise<void> | undefined;

/** Stops the server, the simulator and PostgreSQL, in that order, once. */
function shutdown(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    log("stopping…");
    await server?.stop().catch(() => {});
    await simulator?.stop().catch(() => {});
    await embedded?.stop().catch(() => {});
    log("stopped");
    process.exit(exitCode);
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void shutdown(0));
}

// `npm run` passes SIGTERM to its shell, which exits without passing it on; when our parent
// goes away like that, shut down instead of leaving PostgreSQL and the server running.
const originalParent = process.ppid;
setInterval(() => {
  if (process.ppid !== originalParent) void shutdown(0);
}, 1_000).unref();

async function main(options: DemoOptions): Promise<void> {
  if (options.reset) {
    log(`--reset: deleting ${path.relative(root, options.dataDir)}`);
    fs.rmSync(options.dataDir, { recursive: true, force: true });
  }
  fs.mkdirSync(options.dataDir, { recursive: true });

  let serverUrl = options.databaseUrl;
  if (!serverUrl) {
    log("starting embedded PostgreSQL");
    embedded = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres") });
    serverUrl = embedded.url;
  }

  const databases = await prepareDemoDatabases({
    serverUrl,
    dataDir: options.dataDir,
    prefix: options.databasePrefix,
    fresh: options.fresh,
    log,
  });
  const configFile = writeDemoConfig(options.dataDir, databases);
  await buildIfStale(root, log);
  await migrateHome(databases.homeUrl);
  await seedDemoLedger(databases.homeUrl, databases.targets);
  const viewerToken = await ensureDemoAccounts(databases.homeUrl, options.dataDir);

  if (options.simulator) {
    simulator = startSimulator(databases.targets, log);
  }
  server = startNextServer(root, options.port, {
    SWITCHYARD_CONFIG: configFile,
    SWITCHYARD_DEMO: "1",
  });
  server.child.on("exit", (code) => {
    if (!stopping) {
      log(`the server exited unexpectedly (code ${code})`);
      void shutdown(1);
    }
  });
  await waitUntilServing(server, options.port);
  log(
    `viewer API token (also in ${path.relative(root, path.join(options.dataDir, "viewer-token"))}): ${viewerToken}`,
  );
  log("sign in as admin / admin-demo-password (the sign-in page lists every demo account)");
  log(`Switchyard demo is running at http://localhost:${options.port}  (Ctrl-C to stop)`);
}

let options: DemoOptions | "help";
try {
  options = parseDemoOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
if (options === "help") {
  console.log(DEMO_USAGE);
  process.exit(0);
}
main(options).catch((error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
