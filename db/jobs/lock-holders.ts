import { sql, type Table } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import type { PostgresConnection } from "../targets/connect";
import { queryRows } from "./dialect";
import { qualifiedTableName } from "./table-name";

export interface LockHolder {
  pid: number;
  applicationName: string;
  mode: string;
  /** Seconds since the holder's current query (or its transaction) started. */
  runningSeconds: number | null;
  query: string;
}

/**
 * The other sessions holding a lock on a table, strongest lock first, as PostgreSQL reports them
 * (pg_locks and pg_stat_activity); the query text is cut to 120 characters.
 */
export function lockHolders(connection: PostgresConnection, table: Table): Promise<LockHolder[]> {
  return lockHoldersOn(connection, qualifiedTableName(table));
}

/** The same, for a table named as `to_regclass` reads it (`schema.table`, quoted where needed). */
export async function lockHoldersOn(
  connection: PostgresConnection,
  relation: string,
): Promise<LockHolder[]> {
  const rows = await queryRows(
    connection,
    sql`select l.pid, coalesce(a.application_name, '') as application_name, l.mode,
               extract(epoch from now() - coalesce(a.query_start, a.xact_start)) as running,
               left(coalesce(a.query, ''), 120) as query
        from pg_locks l left join pg_stat_activity a on a.pid = l.pid
        where l.granted and l.pid <> pg_backend_pid()
          and (l.relation = to_regclass(${relation})
               or l.relation in (select inhrelid from pg_inherits
                                 where inhparent = to_regclass(${relation})))
        order by case l.mode when 'AccessExclusiveLock' then 0 when 'ExclusiveLock' then 1
                             when 'ShareRowExclusiveLock' then 2 when 'ShareLock' then 3 else 4 end,
                 l.pid
        limit 5`,
  );
  const seen = new Set<number>();
  return rows.flatMap((row) => {
    const pid = Number(row.pid);
    if (seen.has(pid)) return [];
    seen.add(pid);
    return [
      {
        pid,
        applicationName: String(row.application_name),
        mode: String(row.mode),
        runningSeconds: row.running === null ? null : Math.round(Number(row.running)),
        query: String(row.query),
      },
    ];
  });
}

/** "pid 4242 (application "psql", AccessExclusiveLock, for 5 min: ALTER TABLE …)". */
export function describeLockHolder(holder: LockHolder): string {
  const app = holder.applicationName ? `application "${holder.applicationName}", ` : "";
  const since =
    holder.runningSeconds === null ? "" : `, for ${formatDuration(holder.runningSeconds)}`;
  const query = holder.query ? `: ${holder.query}` : "";
  return `pid ${holder.pid} (${app}${holder.mode}${since}${query})`;
}
