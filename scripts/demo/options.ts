import path from "node:path";
import { parseArgs } from "node:util";

export interface DemoOptions {
  dataDir: string;
  port: number;
  /** Wipe the data directory and start from scratch. */
  reset: boolean;
  /** Drop and reload the demo databases (keeps the embedded server's data directory). */
  fresh: boolean;
  /** Use this PostgreSQL server (superuser URL) instead of starting an embedded one. */
  databaseUrl?: string;
  /** Prefix for database names on a shared server, so a demo never clobbers other databases. */
  databasePrefix: string;
  simulator: boolean;
}

export const DEMO_USAGE = `Usage: npm run demo -- [options]

Starts Switchyard on an embedded PostgreSQL with the five demo systems and live traffic.

  --reset                 start from scratch (delete .switchyard/demo)
  --port <n>              HTTP port (default: $PORT or 3000)
  --data-dir <dir>        where the embedded database and SQLite file live (default .switchyard/demo)
  --database-url <url>    use this PostgreSQL server (superuser) instead of the embedded one
  --database-prefix <p>   prefix for the demo database names on that server (default switchyard_demo_)
  --fresh                 drop and reload the demo databases
  --no-simulator          do not simulate traffic
  -h, --help              show this help`;

export function parseDemoOptions(argv: string[], env: NodeJS.ProcessEnv): DemoOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      reset: { type: "boolean", default: false },
      fresh: { type: "boolean", default: false },
      port: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      "database-prefix": { type: "string" },
      "no-simulator": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";

  const port = Number(values.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`--port: expected a port number, got "${values.port ?? env.PORT}"`);
  }
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("--database-url: expected a postgres:// URL");
  }
  return {
    dataDir: path.resolve(values["data-dir"] ?? ".switchyard/demo"),
    port,
    reset: values.reset,
    fresh: values.fresh || values.reset,
    databaseUrl,
    databasePrefix: values["database-prefix"] ?? (databaseUrl ? "switchyard_demo_" : ""),
    simulator: !values["no-simulator"],
  };
}
