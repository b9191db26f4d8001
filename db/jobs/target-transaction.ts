import { type SQL, sql } from "drizzle-orm";
import type { TargetConnection } from "../targets/connect";

/** A transaction on a target, engine-neutral: run a statement, get plain rows. */
export interface TargetTransaction {
  kind: TargetConnection["kind"];
  rows(query: SQL): Promise<Record<string, unknown>[]>;
}

/**
 * Runs `work` in one transaction on the target. On PostgreSQL every statement waits at most
 * `lockTimeoutMs` for a lock (then fails, instead of queueing behind a worker's long transaction).
 */
export async function inTargetTransaction<T>(
  connection: TargetConnection,
  lockTimeoutMs: number,
  work: (tx: TargetTransaction) => Promise<T>,
): Promise<T> {
  if (connection.kind === "postgres") {
    return connection.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = ${Math.trunc(lockTimeoutMs)}`));
      return work({
        kind: "postgres",
        rows: async (query) => [...(await tx.execute<Record<string, unknown>>(query))],
      });
    });
  }
  return oneWriterAtATime(connection, () =>
    connection.db.transaction(
      (tx) => work({ kind: "sqlite", rows: (query) => tx.all<Record<string, unknown>>(query) }),
      { behavior: "immediate" },
    ),
  );
}

const writers = new WeakMap<object, Promise<unknown>>();

/**
 * SQLite allows one writer, and libsql waits for the file lock synchronously: a second write
 * transaction begun while this process holds one would block the event loop until the first can
 * never commit. Writes of one process to one database therefore queue here instead.
 */
function oneWriterAtATime<T>(connection: object, write: () => Promise<T>): Promise<T> {
  const previous = writers.get(connection) ?? Promise.resolve();
  const next = previous.then(write, write);
  writers.set(
    connection,
    next.catch(() => {}),
  );
  return next;
}
