import "server-only";
import type { DryRunResult } from "@/lib/migrations/run-model";
import type { TargetConnection } from "../../targets/connect";
import { type DryRunLimits, dryRunPostgres } from "./dry-run-postgres";
import { dryRunSqlite } from "./dry-run-sqlite";
import type { DryRunFile } from "./run-files";

export type { DryRunFile } from "./run-files";

export interface DryRunOptions {
  /** How long a statement waits for a lock before it fails (55P03). Default 2000 ms. */
  lockTimeoutMs?: number;
  /** How long one statement may run. Default 15000 ms. */
  statementTimeoutMs?: number;
}

export const DRY_RUN_DEFAULTS: DryRunLimits = { lockTimeoutMs: 2_000, statementTimeoutMs: 15_000 };

/**
 * Runs pending migrations on the target inside one transaction and rolls it back: per statement,
 * success or the error (with its line and column in the file), its duration and the catalog
 * objects it created, dropped or altered. Statements that cannot run in a transaction are not
 * run and are marked; the files' own BEGIN/COMMIT are not run either. The result says whether
 * the catalog after the rollback equals the catalog before, and what a rollback cannot undo.
 *
 * Pass each file's SQL with the file's own lines (e.g. `beforeDown(text)`), so that positions
 * point into the file. Errors reaching the target (connection, BEGIN) are thrown.
 */
export function dryRun(
  connection: TargetConnection,
  files: DryRunFile[],
  options: DryRunOptions = {},
): Promise<DryRunResult> {
  const limits: DryRunLimits = {
    lockTimeoutMs: options.lockTimeoutMs ?? DRY_RUN_DEFAULTS.lockTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs ?? DRY_RUN_DEFAULTS.statementTimeoutMs,
  };
  return connection.kind === "postgres"
    ? dryRunPostgres(connection, files, limits)
    : dryRunSqlite(connection, files, limits);
}
