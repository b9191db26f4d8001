import "server-only";
import type { SwitchyardConfig, TargetConfig } from "@/lib/config/schema";
import { applicationName } from "../instance-name";
import { connectTarget, type TargetConnection } from "./connect";
import { loadConfig } from "./load-config";

interface Registry {
  config: SwitchyardConfig;
  connections: Map<string, TargetConnection>;
}

// One registry per server process, kept on globalThis so dev-mode reloads reuse the pools.
const holder = globalThis as unknown as { switchyardRegistry?: Registry };

function registry(): Registry {
  holder.switchyardRegistry ??= { config: loadConfig(), connections: new Map() };
  return holder.switchyardRegistry;
}

export function getConfig(): SwitchyardConfig {
  return registry().config;
}

export function listTargets(): TargetConfig[] {
  return registry().config.targets;
}

export function findTarget(id: string): TargetConfig | undefined {
  return listTargets().find((target) => target.id === id);
}

/**
 * The target's one pooled client, created on first use: at most `poolSize` sessions per instance,
 * named `switchyard` (or `switchyard:<SWITCHYARD_INSTANCE>`) in pg_stat_activity.
 */
export function connectionFor(target: TargetConfig): TargetConnection {
  const { connections } = registry();
  let connection = connections.get(target.id);
  if (!connection) {
    connection = connectTarget(target, applicationName("switchyard"));
    connections.set(target.id, connection);
  }
  return connection;
}
