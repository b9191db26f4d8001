import { DEFAULT_APPLY_CONFIG } from "@/lib/config/apply-schema";
import type { TargetConfig } from "@/lib/config/schema";

/** A target configuration with the defaults the config parser would give, for tests. */
export function testTarget(
  location: { url: string } | { file: string },
  overrides: Partial<Omit<TargetConfig, "kind" | "url" | "file">> = {},
): TargetConfig {
  const common = {
    id: "t",
    name: "Test target",
    readOnly: false,
    statementTimeoutMs: 5_000,
    poolSize: 3,
    detect: true,
    systems: {},
    queues: [],
    stuck: { systems: {} },
    bulk: { maxJobs: 50_000, batchSize: 500, pauseMs: 0 },
    migrations: [],
    apply: DEFAULT_APPLY_CONFIG,
    protectedTables: [],
    secretColumns: [],
    ...overrides,
  };
  return "url" in location
    ? { ...common, kind: "postgres", url: location.url }
    : { ...common, kind: "sqlite", file: location.file };
}
