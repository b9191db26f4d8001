import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/config/config-error";
import { configFromEnv, parseConfigText } from "@/lib/config/parse-config";
import type { SwitchyardConfig } from "@/lib/config/schema";

type Env = Record<string, string | undefined>;

/**
 * Reads the configuration the way start-up does: SWITCHYARD_CONFIG, else ./switchyard.yaml,
 * else DATABASE_URL alone. Throws ConfigError with `file:line: key.path: reason` lines.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): SwitchyardConfig {
  const explicit = env.SWITCHYARD_CONFIG;
  const file = path.resolve(/*turbopackIgnore: true*/ cwd, explicit || "switchyard.yaml");
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError([`${explicit}: file not found (from SWITCHYARD_CONFIG)`]);
    return configFromEnv(env);
  }

  const relative = path.relative(cwd, file);
  const shownName = relative && !relative.startsWith("..") ? relative : file;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([`${shownName}: cannot read: ${(error as Error).message}`]);
  }
  return parseConfigText(text, {
    source: shownName,
    baseDir: path.dirname(file),
    env,
    fileExists: (sqliteFile) => fs.existsSync(sqliteFile),
  });
}
