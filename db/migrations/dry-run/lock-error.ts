import "server-only";
import type { StatementError } from "@/lib/migrations/run-model";
import { displayRelation, quotedRelation, relationsOf } from "@/lib/migrations/statement-relations";
import { describeLockHolder, lockHoldersOn } from "../../jobs/lock-holders";
import type { PostgresConnection } from "../../targets/connect";

/**
 * A lock_timeout error (55P03) says only "canceling statement due to lock timeout". This names
 * the table the statement waited for and the sessions holding a lock on it, looked up after the
 * dry run's rollback (the other session still holds its lock then). Call loadParser() first.
 */
export async function explainLockTimeout(
  connection: PostgresConnection,
  error: StatementError,
  statement: string,
  lockTimeoutMs: number,
): Promise<StatementError> {
  if (error.code !== "55P03") return error;
  const waited = `lock_timeout of ${lockTimeoutMs} ms expired`;
  const locked: string[] = [];
  for (const relation of relationsOf(statement).slice(0, 5)) {
    let holders: Awaited<ReturnType<typeof lockHoldersOn>> = [];
    try {
      holders = await lockHoldersOn(connection, quotedRelation(relation));
    } catch {
      // The lookup is a courtesy: the lock error stands without it.
    }
    if (holders.length > 0) {
      locked.push(
        `table ${displayRelation(relation)} is locked by another session: ${holders.map(describeLockHolder).join("; ")}`,
      );
    }
  }
  const message =
    locked.length > 0
      ? `${waited}: ${locked.join(". ")}`
      : `${waited}: an object this statement needs is locked by another session (which one is no longer visible)`;
  return {
    ...error,
    message,
    detail: error.detail ? `${error.message}. ${error.detail}` : error.message,
  };
}
