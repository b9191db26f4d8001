import "server-only";
import { home } from "@/db";
import { migrationStatus } from "@/db/migrations/migration-status";
import { connectionFor, listTargets } from "@/db/targets/registry";
import type { Migration } from "@/lib/migrations/model";
import type { SourceReport, TargetReport } from "@/lib/migrations/report";

/** Migration history of every target with sources (or one target), for the page and the API. */
export async function loadMigrationReports(targetId?: string): Promise<TargetReport[]> {
  const targets = listTargets().filter((target) => !targetId || target.id === targetId);
  return migrationStatus(targets, { connect: connectionFor, home: homeSql() });
}

export interface MigrationDetail {
  target: TargetReport;
  source: SourceReport;
  migration: Migration;
}

/** One migration with its source and target, or null when any of the three is unknown. */
export async function loadMigrationDetail(
  targetId: string,
  sourceId: string,
  migrationId: string,
): Promise<MigrationDetail | null> {
  const [target] = await loadMigrationReports(targetId);
  const source = target?.sources.find((candidate) => candidate.id === sourceId);
  const migration = source?.migrations.find((candidate) => candidate.id === migrationId);
  return target && source && migration ? { target, source, migration } : null;
}

function homeSql() {
  try {
    return home().sql;
  } catch {
    return null;
  }
}
