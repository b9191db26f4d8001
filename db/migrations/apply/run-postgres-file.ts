import "server-only";
import type postgres from "postgres";
import { errorCode } from "@/lib/database-error";
import type { FileRun } from "@/lib/migrations/run-model";
import { runOneStatement } from "../run-one-statement";
import { type FileToRun, freshRun, runStatement, StatementFailure } from "./file-run";

export interface RunLimits {
  lockTimeoutMs: number;
  lockRetries: number;
  statementTimeoutMs: number;
}

export interface RunHooks {
  /** Called after every statement with the file's progress so far. */
  progress(run: FileRun): Promise<void>;
  /** Writes the ledger on the session that ran the file, inside its transaction when it has one. */
  record(session: postgres.ReservedSql): Promise<void>;
  /** Called with the target's transaction id just before COMMIT, to settle a crash afterwards. */
  beforeCommit(xid: string): Promise<void>;
}

const LOCK_NOT_AVAILABLE = "55P03";
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one migration file on the session holding the migration lock: in one transaction (all or
 * nothing, retried when a lock is not granted), or statement by statement when it must run
 * outside one (then each statement is retried on its own).
 */
export async function runPostgresFile(
  session: postgres.ReservedSql,
  file: FileToRun,
  limits: RunLimits,
  hooks: RunHooks,
): Promise<FileRun> {
  await session`select set_config('lock_timeout', ${`${limits.lockTimeoutMs}ms`}, false),
    set_config('statement_timeout', ${`${limits.statementTimeoutMs}ms`}, false)`;
  try {
    return file.transaction.mode === "transaction"
      ? await inTransaction(session, file, limits, hooks)
      : await statementByStatement(session, file, limits, hooks);
  } finally {
    await session`reset lock_timeout`.catch(() => {});
    await session`reset statement_timeout`.catch(() => {});
  }
}

async function inTransaction(
  session: postgres.ReservedSql,
  file: FileToRun,
  limits: RunLimits,
  hooks: RunHooks,
): Promise<FileRun> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let run = freshRun(file, attempt);
    await session`begin`;
    try {
      for (const statement of file.statements) {
        run = await runStatement(run, statement, (text) => runOneStatement(session, text));
        await hooks.progress(run);
      }
      await hooks.record(session);
      const [row] = await session<{ xid: string }[]>`select txid_current()::text as xid`;
      await hooks.beforeCommit(row?.xid ?? "");
      await session`commit`;
      return { ...run, ok: true, durationMs: performance.now() - started };
    } catch (error) {
      await session`rollback`.catch(() => {});
      if (error instanceof StatementFailure) run = error.run;
      const failed = { ...run, ok: false, durationMs: performance.now() - started };
      await hooks.progress(failed);
      if (errorCode(error) !== LOCK_NOT_AVAILABLE || attempt > limits.lockRetries) return failed;
      await pause(500 * 2 ** (attempt - 1));
    }
  }
}

async function statementByStatement(
  session: postgres.ReservedSql,
  file: FileToRun,
  limits: RunLimits,
  hooks: RunHooks,
): Promise<FileRun> {
  const started = performance.now();
  let run = freshRun(file);
  for (const statement of file.statements) {
    for (let attempt = 1; ; attempt++) {
      try {
        run = await runStatement(run, statement, (text) => runOneStatement(session, text));
        break;
      } catch (error) {
        if (errorCode(error) === LOCK_NOT_AVAILABLE && attempt <= limits.lockRetries) {
          await pause(500 * 2 ** (attempt - 1));
          continue;
        }
        const marked = error instanceof StatementFailure ? error.run : run;
        const failed = { ...marked, ok: false, durationMs: performance.now() - started };
        await hooks.progress(failed);
        return failed;
      }
    }
    await hooks.progress(run);
  }
  await session`begin`;
  try {
    await hooks.record(session);
    const [row] = await session<{ xid: string }[]>`select txid_current()::text as xid`;
    await hooks.beforeCommit(row?.xid ?? "");
    await session`commit`;
  } catch (error) {
    await session`rollback`.catch(() => {});
    throw error;
  }
  return { ...run, ok: true, durationMs: performance.now() - started };
}
