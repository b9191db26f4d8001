import "server-only";
import type postgres from "postgres";
import { ActionRefusal } from "@/db/actions/action-refusal";
import type { ReviewContext } from "../reviews/review-context";

/**
 * The session-level advisory lock that serialises applies: `pg_try_advisory_lock(1398361415,
 * hashtext(key))` — 1398361415 is "SYMG" in ASCII. On a PostgreSQL target it is taken in the
 * target database itself with key `switchyard:migrations`, so two app instances, two admins (or
 * two Switchyard installs) never apply to one database at once; a SQLite target's lock is taken in
 * the home database with key `switchyard:migrations:<target id>`.
 */
export const MIGRATION_LOCK_CLASS = 1398361415;

export function migrationLockKey(targetId: string | null): string {
  return targetId === null ? "switchyard:migrations" : `switchyard:migrations:${targetId}`;
}

export interface MigrationLock {
  /** The session that holds the lock; a PostgreSQL target's apply runs on it. */
  session: postgres.ReservedSql;
  release(): Promise<void>;
}

interface Holder {
  application_name: string;
  pid: number;
  since: Date | string | null;
}

/**
 * Takes the lock on a session of its own, named `holder` in pg_stat_activity so that whoever is
 * refused is told who holds it. Refuses (code `locked`) when someone else holds it.
 */
export async function takeMigrationLock(
  sql: postgres.Sql,
  key: string,
  holder: string,
): Promise<MigrationLock> {
  const session = await sql.reserve();
  try {
    await session`select set_config('application_name', ${holder.slice(0, 63)}, false)`;
    const [row] = await session<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${MIGRATION_LOCK_CLASS}, hashtext(${key})) as locked`;
    if (!row?.locked) throw await heldBy(session, key);
  } catch (error) {
    session.release();
    throw error;
  }
  return {
    session,
    async release() {
      try {
        await session`select pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, hashtext(${key}))`;
        await session`select set_config('application_name', 'switchyard', false)`;
      } finally {
        session.release();
      }
    },
  };
}

async function heldBy(session: postgres.ReservedSql, key: string): Promise<ActionRefusal> {
  const [holder] = await session<Holder[]>`
    select a.application_name, a.pid, a.backend_start as since
    from pg_catalog.pg_locks l
    join pg_catalog.pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted
      and l.classid = ${MIGRATION_LOCK_CLASS}::oid
      and l.objid = hashtext(${key})::oid and l.objsubid = 2
    limit 1`;
  const who = holder
    ? `${holder.application_name || "an unnamed session"} (pid ${holder.pid}, connected since ${new Date(holder.since ?? 0).toISOString()})`
    : "another session (it has just released it: try again)";
  return new ActionRefusal("locked", `Another apply holds the migration lock: ${who}.`);
}

/** The migration lock of a review's target: in the target database, or for SQLite in the home one. */
export function takeTargetMigrationLock(
  context: ReviewContext,
  holder: string,
): Promise<MigrationLock> {
  return context.connection.kind === "postgres"
    ? takeMigrationLock(context.connection.sql, migrationLockKey(null), holder)
    : takeMigrationLock(context.home.sql, migrationLockKey(context.target.id), holder);
}
