import os from "node:os";

type Env = Record<string, string | undefined>;

/**
 * This instance's name: SWITCHYARD_INSTANCE when the deployment sets it (a pod or host name),
 * else the host name. It names the bulk worker and, when set, the database sessions.
 */
export function instanceName(env: Env = process.env): string {
  return env.SWITCHYARD_INSTANCE?.trim() || os.hostname();
}

/**
 * The application_name of this instance's database sessions: `base`, or `base:<instance>` when
 * SWITCHYARD_INSTANCE is set, so pg_stat_activity tells the instances apart. PostgreSQL keeps 63
 * bytes of it.
 */
export function applicationName(base: string, env: Env = process.env): string {
  const instance = env.SWITCHYARD_INSTANCE?.trim();
  return (instance ? `${base}:${instance}` : base).slice(0, 63);
}
