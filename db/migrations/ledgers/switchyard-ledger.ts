import "server-only";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { migrationLedger } from "@/db/schema";
import { errorCode } from "@/lib/database-error";
import type { LedgerRead } from "@/lib/migrations/model";
import { type LedgerReader, plainRow } from "./ledger-reader";

/** Switchyard's own ledger (home database) for systems that record nothing themselves. */
export const switchyardLedger: LedgerReader = {
  kind: "switchyard",
  defaultTable: { schema: "switchyard", name: "migration_ledger" },
  keyOf: (file) => file.id,
  toRow: (raw) => ({
    key: String(raw.migrationId),
    name: String(raw.name),
    appliedAt: raw.appliedAt instanceof Date ? raw.appliedAt : null,
    durationMs: raw.executionMs == null ? null : Number(raw.executionMs),
    appliedBy: raw.appliedBy == null ? null : String(raw.appliedBy),
    checksum: String(raw.checksum),
    success: raw.success !== false,
    dirty: false,
    raw: plainRow(raw),
  }),
};

export async function readSwitchyardLedger(
  home: postgres.Sql | null,
  targetId: string,
  sourceId: string,
): Promise<LedgerRead> {
  const base = {
    kind: "switchyard" as const,
    table: "switchyard.migration_ledger",
    algorithm: "sha256" as const,
    highWaterMark: false,
  };
  if (!home) {
    return {
      ...base,
      present: false,
      rows: [],
      findings: [
        {
          code: "ledger_unavailable",
          severity: "warning",
          provenance: "computed",
          message: "the home database is not available, so Switchyard's own ledger was not read",
        },
      ],
    };
  }
  let rows: (typeof migrationLedger.$inferSelect)[];
  try {
    rows = await drizzle(home)
      .select()
      .from(migrationLedger)
      .where(and(eq(migrationLedger.targetId, targetId), eq(migrationLedger.sourceId, sourceId)));
  } catch (error) {
    if (errorCode(error) !== "42P01") throw error;
    return {
      ...base,
      present: false,
      rows: [],
      findings: [
        {
          code: "ledger_missing",
          severity: "warning",
          provenance: "computed",
          message:
            "switchyard.migration_ledger does not exist yet: run `npm run db:migrate` on the home database",
        },
      ],
    };
  }
  return {
    ...base,
    present: true,
    rows: rows.flatMap((raw) => switchyardLedger.toRow(raw) ?? []),
    findings: [],
  };
}
