import type { CountAccuracy } from "@/lib/format";

export type RelationKind = "table" | "partitioned table" | "view" | "materialized view";

export interface TableSummary {
  schema: string;
  name: string;
  kind: RelationKind;
  /** Row count, null for views; `rowsAccuracy` says how far to trust it. */
  rows: number | null;
  rowsAccuracy: CountAccuracy;
  /** Table + indexes + TOAST, summed over partitions. Null where the engine cannot tell cheaply. */
  bytes: number | null;
}

/** Below this many rows a bounded count(*) is cheap, so the number shown is exact. */
export const EXACT_COUNT_LIMIT = 10_000;
