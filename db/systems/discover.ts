import type { TargetConfig } from "@/lib/config/schema";
import { readSnapshot } from "../catalog/read-snapshot";
import type { CatalogSnapshot } from "../catalog/snapshot";
import { withinDeclaredStates } from "../jobs/declared-states";
import type { JobSource } from "../jobs/job-source";
import type { TargetConnection } from "../targets/connect";
import type { Detection, SystemAdapter } from "./adapter";
import { BUILT_IN_ADAPTERS } from "./built-in-adapters";
import { queueTableSource } from "./generic/queue-table-source";

export const GENERIC_SYSTEM = { id: "generic", name: "Configured tables" } as const;

/** A system found on a target (or described in its config), with the tables holding its jobs. */
export interface SystemInstance {
  system: string;
  name: string;
  detection: Detection;
  sources: JobSource[];
  adapter?: SystemAdapter;
}

/** A built-in system that is not on the target, and why (for the overview's "not found"). */
export interface SystemAbsence {
  system: string;
  name: string;
  reason: string;
  /** Forced in the config but not found: a problem, not just an absence. */
  configured: boolean;
}

export interface TargetSystems {
  instances: SystemInstance[];
  absent: SystemAbsence[];
  /** Configuration that does not match the database. */
  problems: string[];
}

/** Inspects one target: built-in systems by catalog signature, plus the queue tables its config describes. */
export async function discoverSystems(
  target: TargetConfig,
  connection: TargetConnection,
  adapters: readonly SystemAdapter[] = BUILT_IN_ADAPTERS,
): Promise<TargetSystems> {
  const catalog = await readSnapshot(connection);
  const result: TargetSystems = { instances: [], absent: [], problems: [] };

  for (const adapter of adapters) {
    if (adapter.engine !== connection.kind) continue;
    const override = target.systems[adapter.id];
    if (override === false) {
      result.absent.push({
        system: adapter.id,
        name: adapter.name,
        reason: "disabled in the configuration",
        configured: true,
      });
      continue;
    }
    if (override === undefined && !target.detect) continue;
    detectOne(adapter, catalog, override?.schema, override !== undefined, result);
  }
  for (const id of Object.keys(target.systems)) {
    if (!adapters.some((adapter) => adapter.id === id)) {
      result.problems.push(`systems.${id}: no built-in system has this id`);
    }
  }

  const configured = target.queues.map((queue, index) => queueTableSource(queue, catalog, index));
  const sources = configured.flatMap((entry) =>
    entry.ok ? [withinDeclaredStates(entry.source)] : [],
  );
  result.problems.push(...configured.flatMap((entry) => (entry.ok ? [] : [entry.problem])));
  if (sources.length > 0) {
    result.instances.push({
      system: GENERIC_SYSTEM.id,
      name: GENERIC_SYSTEM.name,
      detection: {
        system: GENERIC_SYSTEM.id,
        schema: connection.kind === "postgres" ? "public" : "main",
        because: configured.flatMap((entry) => (entry.ok ? [entry.because] : [])),
        missing: [],
        tables: {},
      },
      sources,
    });
  }
  return result;
}

function detectOne(
  adapter: SystemAdapter,
  catalog: CatalogSnapshot,
  schema: string | undefined,
  forced: boolean,
  result: TargetSystems,
): void {
  const found = adapter.detect(catalog, schema ? { schema } : {});
  if (!found.found) {
    result.absent.push({
      system: adapter.id,
      name: adapter.name,
      reason: found.reason,
      configured: forced,
    });
    if (forced) result.problems.push(`systems.${adapter.id}: configured, but ${found.reason}`);
    return;
  }
  result.instances.push({
    system: adapter.id,
    name: adapter.name,
    detection: found.detection,
    sources: adapter.sources(found.detection).map(withinDeclaredStates),
    adapter,
  });
}
