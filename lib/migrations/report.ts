import type { Finding, Layout, LedgerKind, Migration, MigrationState } from "./model";
import { PROBLEM_STATES } from "./model";

export interface SourceReport {
  id: string;
  name: string;
  layout: Layout;
  folder: string;
  readOnly: boolean;
  ledger: { kind: LedgerKind; table: string; present: boolean };
  findings: Finding[];
  migrations: Migration[];
}

export interface TargetReport {
  target: string;
  name: string;
  sources: SourceReport[];
  /** Set when the target could not be read at all. */
  error: string | null;
}

export type StateCounts = Record<MigrationState, number>;

export function countStates(targets: readonly TargetReport[]): StateCounts {
  const counts: StateCounts = {
    applied: 0,
    pending: 0,
    drifted: 0,
    missing_file: 0,
    failed: 0,
    dirty: 0,
    out_of_order: 0,
    appears_applied: 0,
  };
  for (const target of targets)
    for (const source of target.sources)
      for (const migration of source.migrations) counts[migration.state] += 1;
  return counts;
}

/** Whether anything is drifted, failed/dirty, missing or out of order (CI should fail). */
export function hasProblems(targets: readonly TargetReport[]): boolean {
  const counts = countStates(targets);
  return PROBLEM_STATES.some((state) => counts[state] > 0) || targets.some((t) => t.error);
}

/** The JSON shape of `GET /api/migrations` and `migrations status --json`. */
export function toApiReport(targets: readonly TargetReport[]) {
  return {
    targets: targets.map((target) => ({
      target: target.target,
      name: target.name,
      error: target.error,
      sources: target.sources.map((source) => ({
        id: source.id,
        name: source.name,
        layout: source.layout,
        ledger: source.ledger,
        readOnly: source.readOnly,
        findings: source.findings,
        migrations: source.migrations.map((migration) => ({
          id: migration.id,
          name: migration.name,
          version: migration.version,
          state: migration.state,
          appliedAt: migration.appliedAt?.toISOString() ?? null,
          durationMs: migration.durationMs,
          appliedBy: migration.appliedBy,
          checksum: migration.checksum,
          files: migration.file?.paths ?? [],
          findings: migration.findings,
          facts: migration.facts,
          evidence: migration.evidence,
        })),
      })),
    })),
  };
}

export type ApiMigrationsReport = ReturnType<typeof toApiReport>;
