import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError, formatKeyPath } from "./config-error";
import { describeConfigIssue } from "./describe-issue";
import { interpolateEnv } from "./interpolate";
import { lineOf } from "./locate";
import { DEFAULT_LEDGER, type MigrationSourceConfig } from "./migrations-schema";
import {
  type ConfigFile,
  configFileSchema,
  type SwitchyardConfig,
  type TargetConfig,
} from "./schema";
import type { StuckConfig } from "./stuck-schema";

type Env = Record<string, string | undefined>;

interface ParseOptions {
  /** Name shown in front of every problem, usually the file name. */
  source: string;
  /** Relative SQLite paths resolve against this directory. */
  baseDir: string;
  env: Env;
  /** Problems name the line in the text (`file:12: key: reason`); false for text Switchyard wrote. */
  lines?: boolean;
  /** When given, a SQLite target whose file does not exist is a problem at its key. */
  fileExists?: (file: string) => boolean;
}

/** One problem: where in the document (key path, and the key itself for unknown keys), and what. */
interface Problem {
  path: PropertyKey[];
  message: string;
  atKey?: boolean;
}

/**
 * Parses and validates the YAML configuration. Throws ConfigError listing every problem found,
 * each as `file:line: key.path: what was expected`.
 */
export function parseConfigText(text: string, options: ParseOptions): SwitchyardConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return `${options.source}:${at.line}:${at.col}: ${error.message.split("\n")[0]}`;
      }),
    );
  }
  const fail: (problems: Problem[]) => never = (problems) => {
    throw new ConfigError(
      problems.map((problem) => {
        const line =
          options.lines === false
            ? null
            : lineOf(document, lineCounter, problem.path, problem.atKey);
        const where = line === null ? options.source : `${options.source}:${line}`;
        return `${where}: ${formatKeyPath(problem.path)}: ${problem.message}`;
      }),
    );
  };

  const interpolated = interpolateEnv(document.toJS() ?? {}, options.env);
  if (interpolated.problems.length > 0) fail(interpolated.problems);

  const parsed = configFileSchema.safeParse(interpolated.value, { error: describeConfigIssue });
  if (!parsed.success) fail(parsed.error.issues.flatMap(problemsOf));
  const config = resolveConfig(parsed.data, options);
  const missing = missingFiles(config, options.fileExists);
  if (missing.length > 0) fail(missing);
  return config;
}

function problemsOf(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: "unknown key",
      atKey: true,
    }));
  }
  return [{ path: [...issue.path], message: issue.message }];
}

function missingFiles(config: SwitchyardConfig, fileExists: ParseOptions["fileExists"]): Problem[] {
  if (!fileExists) return [];
  return config.targets.flatMap((target, index) =>
    target.kind === "sqlite" && !fileExists(target.file)
      ? [{ path: ["targets", index, "sqlite"], message: `file not found: ${target.file}` }]
      : [],
  );
}

function resolveConfig(file: ConfigFile, options: ParseOptions): SwitchyardConfig {
  const targets: TargetConfig[] = file.targets.map((target) => {
    const common = {
      id: target.id,
      name: target.name ?? target.id,
      readOnly: target.readOnly,
      statementTimeoutMs: target.statementTimeoutMs,
      poolSize: target.poolSize,
      detect: target.detect,
      systems: target.systems,
      queues: target.queues,
      stuck: target.stuck as StuckConfig,
      bulk: target.bulk,
      migrations: target.migrations.map(
        (source): MigrationSourceConfig => ({
          ...source,
          name: source.name ?? source.id,
          folder: path.resolve(options.baseDir, source.folder),
          ledger:
            typeof source.ledger === "string"
              ? { kind: source.ledger }
              : (source.ledger ?? { kind: DEFAULT_LEDGER[source.layout] }),
        }),
      ),
      apply: target.apply,
      protectedTables: target.protectedTables,
      secretColumns: target.secretColumns,
    };
    if (target.sqlite) {
      return { ...common, kind: "sqlite", file: path.resolve(options.baseDir, target.sqlite) };
    }
    return { ...common, kind: "postgres", url: target.url ?? "" };
  });
  const homeUrl = options.env.SWITCHYARD_DATABASE_URL || file.home || firstPostgresUrl(targets);
  if (!homeUrl) {
    throw new ConfigError([
      `${options.source}: home: no PostgreSQL database for Switchyard's own schema; set SWITCHYARD_DATABASE_URL, add "home: postgres://…", or add a PostgreSQL target`,
    ]);
  }
  return { source: options.source, homeUrl, targets, auth: file.auth };
}

function firstPostgresUrl(targets: TargetConfig[]): string | undefined {
  for (const target of targets) if (target.kind === "postgres") return target.url;
  return undefined;
}

/** The configuration when there is no file: DATABASE_URL alone defines one PostgreSQL target. */
export function configFromEnv(env: Env): SwitchyardConfig {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new ConfigError([
      "no configuration: create switchyard.yaml (or point SWITCHYARD_CONFIG at a file), or set DATABASE_URL",
    ]);
  }
  const text = `targets:\n  - id: default\n    name: Default database\n    url: \${DATABASE_URL}\n`;
  return parseConfigText(text, { source: "DATABASE_URL", baseDir: ".", env, lines: false });
}
