import { type SQL, sql } from "drizzle-orm";
import type { Cursor } from "@/lib/cursor";
import { errorCode } from "@/lib/database-error";
import { InputError } from "@/lib/input-error";
import type { JobFilter } from "@/lib/jobs/job-filter";
import type { JobState } from "@/lib/jobs/job-state";
import type { TargetConnection } from "../targets/connect";
import { canonicalCase, canonicalPredicate } from "./canonical-sql";
import { decodeDate, decodeNumber, idString, isPossibleId } from "./decode";
import { dialectOf, queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { withId } from "./missing-values";
import { and, queueExpression, queuePredicate } from "./queue-filter";

/** The light columns of a job, for lists. */
export interface JobSummary {
  id: string;
  state: JobState;
  rawState: string | null;
  queue: string;
  type: string | null;
  createdAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number | null;
}

export interface JobPage {
  jobs: JobSummary[];
  /** Position after the last job, when there may be more. */
  next: Cursor | null;
}

/**
 * One page of a queue's jobs, newest first, by keyset on (created, id): a deep page costs the
 * same as the first. Rows without a creation time sort last rather than disappearing.
 */
export async function listJobs(
  connection: TargetConnection,
  source: JobSource,
  queue: string,
  filter: JobFilter,
  cursor: Cursor | null,
  limit: number,
): Promise<JobPage> {
  const { columns } = source;
  if (cursor && !isUsableCursor(source, cursor)) {
    throw new InputError("cursor", "the cursor does not belong to this queue");
  }
  const sortKey = sortableCreatedAt(connection, source);
  const where = and(
    queuePredicate(source, queue),
    // A row without an id cannot be linked or acted on, nor paged past: the page says how many.
    withId(source),
    filterPredicate(connection, source, filter),
    cursor ? sql`(${sortKey}, ${columns.id}) < (${cursor.createdAt}, ${cursor.id})` : undefined,
  );
  const rows = await rejectingBadCursor(cursor, () =>
    queryRows(
      connection,
      sql`select ${columns.id} as id, ${columns.state} as raw_state, ${canonicalCase(source)} as state,
               ${queueExpression(source)} as queue,
               ${columns.type ?? sql`null`} as type,
               ${columns.createdAt} as created_at, ${sortKey} as sort_key,
               ${columns.startedAt ?? sql`null`} as started_at,
               ${columns.finishedAt ?? sql`null`} as finished_at,
               ${columns.attempts ?? sql`null`} as attempts
        from ${source.table}
        where ${where}
        order by ${sortKey} desc, ${columns.id} desc
        limit ${limit + 1}`,
    ),
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    jobs: page.map((row) => ({
      id: idString(row.id),
      state: row.state as JobState,
      rawState: row.raw_state === null ? null : String(row.raw_state),
      queue: String(row.queue),
      type: row.type === null || row.type === undefined ? null : String(row.type),
      createdAt: decodeDate(columns.createdAt, row.created_at),
      startedAt: decodeDate(columns.startedAt, row.started_at),
      finishedAt: decodeDate(columns.finishedAt, row.finished_at),
      attempts: decodeNumber(columns.attempts, row.attempts),
    })),
    next:
      rows.length > limit && last
        ? { createdAt: String(last.sort_key), id: idString(last.id) }
        : null,
  };
}

/** Rows matching a job filter (canonical and raw state, type, creation time, id). */
export function filterPredicate(
  connection: TargetConnection,
  source: JobSource,
  filter: JobFilter,
): SQL | undefined {
  const { columns } = source;
  const dialect = dialectOf(connection);
  const parts: (SQL | undefined)[] = [];
  if (filter.state) parts.push(canonicalPredicate(source, filter.state));
  if (filter.rawState !== undefined) parts.push(rawStatePredicate(source, filter.rawState));
  if (filter.type !== undefined)
    parts.push(columns.type ? sql`${columns.type} = ${filter.type}` : sql`false`);
  if (filter.createdFrom)
    parts.push(dialect.compareTime(columns.createdAt, ">=", filter.createdFrom));
  if (filter.createdTo) parts.push(dialect.compareTime(columns.createdAt, "<", filter.createdTo));
  if (filter.id !== undefined) {
    parts.push(
      !isPossibleId(source.idKind, filter.id) ? sql`false` : sql`${columns.id} = ${filter.id}`,
    );
  }
  return parts.length > 0 ? and(...parts) : undefined;
}

/** A value an enum column cannot hold matches nothing (instead of failing the query). */
function rawStatePredicate(source: JobSource, raw: string): SQL {
  const declared = source.declaredStates;
  if (declared?.by === "enum" && !declared.values.includes(raw)) return sql`false`;
  return sql`${source.columns.state} = ${raw}`;
}

const TIMESTAMP_TEXT =
  /^(?:-infinity|0000-01-01 00:00:00|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)$/;

/** A cursor must look like what this source's rows produce, or it would reach SQL as garbage. */
function isUsableCursor(source: JobSource, cursor: Cursor): boolean {
  return isPossibleId(source.idKind, cursor.id) && TIMESTAMP_TEXT.test(cursor.createdAt);
}

/** A cursor that passed the shape check but not the database's (a time out of range) is bad input. */
async function rejectingBadCursor<T>(cursor: Cursor | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (cursor && errorCode(error)?.startsWith("22")) {
      throw new InputError("cursor", "the cursor does not belong to this queue");
    }
    throw error;
  }
}

function sortableCreatedAt(connection: TargetConnection, source: JobSource): SQL {
  const column = source.columns.createdAt;
  if (column.notNull) return sql`${column}`;
  return connection.kind === "postgres"
    ? sql`coalesce(${column}, '-infinity'::timestamptz)`
    : sql`coalesce(${column}, '0000-01-01 00:00:00')`;
}
