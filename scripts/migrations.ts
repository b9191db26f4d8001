import fs from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrationStatus } from "@/db/migrations/migration-status";
import { closeConnection, connectTarget, type TargetConnection } from "@/db/targets/connect";
import { loadConfig } from "@/db/targets/load-config";
import { ConfigError } from "@/lib/config/config-error";
import type { TargetConfig } from "@/lib/config/schema";
import { formatStatus } from "@/lib/migrations/format-status";
import { hasProblems, toApiReport } from "@/lib/migrations/report";
import { lintCommand } from "./lib/lint-command";

const USAGE = `Usage: npm run migrations -- status [--target ID] [--json]
       npm run migrations -- lint <file…> [--target ID] [--json]

status reads every configured migration source and its ledger and prints each migration's state.

  --target ID   only this target
  --json        the same JSON as GET /api/migrations

Exit codes: 0 nothing wrong (pending migrations are fine), 1 something is drifted, failed,
dirty, missing its file or out of order (or a target could not be read), 2 bad usage or
configuration.

lint parses each file with PostgreSQL's parser and prints its findings per statement (no
database needed). With --target: that target's protected tables and table sizes, and the
idempotent option of the source whose folder holds the file.

Exit codes: 0 no error findings (warnings are fine), 1 at least one error finding, 2 bad usage.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === "lint") return lint(positionals.slice(1), values.target, values.json);
  if (positionals[0] !== "status" || positionals.length > 1) {
    throw new UsageError(`expected the command "status" or "lint", got "${positionals.join(" ")}"`);
  }
  const config = loadConfig();
  const targets = config.targets.filter((target) => !values.target || target.id === values.target);
  if (values.target && targets.length === 0) {
    throw new UsageError(`--target: no target "${values.target}" in ${config.source}`);
  }

  const connections = new Map<string, TargetConnection>();
  const connect = (target: TargetConfig) => {
    const connection = connections.get(target.id) ?? connectTarget(target);
    connections.set(target.id, connection);
    return connection;
  };
  const home = postgres(config.homeUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const reports = await migrationStatus(targets, { connect, home });
    if (values.json) console.log(JSON.stringify(toApiReport(reports), null, 2));
    else console.log(formatStatus(reports));
    return hasProblems(reports) ? 1 : 0;
  } finally {
    await home.end({ timeout: 2 });
    for (const connection of connections.values()) await closeConnection(connection);
  }
}

async function lint(files: string[], targetId: string | undefined, json: boolean) {
  if (files.length === 0) throw new UsageError("lint: expected at least one file");
  const missing = files.find((file) => !fs.existsSync(file));
  if (missing) throw new UsageError(`lint: no file "${missing}"`);
  let target: TargetConfig | null = null;
  if (targetId) {
    const config = loadConfig();
    target = config.targets.find((t) => t.id === targetId) ?? null;
    if (!target) throw new UsageError(`--target: no target "${targetId}" in ${config.source}`);
  }
  return lintCommand(files, target, json);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`switchyard: ${error.message}\n\n${USAGE}`);
    else if (error instanceof ConfigError)
      console.error(`switchyard: invalid configuration\n${error.message}`);
    else console.error(`switchyard: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
