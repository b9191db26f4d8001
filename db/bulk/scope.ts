import { type SQL, sql } from "drizzle-orm";
import type { JobFilter } from "@/lib/jobs/job-filter";
import type { ActionItem } from "../jobs/apply-action";
import { canonicalPredicate } from "../jobs/canonical-sql";
import { idString } from "../jobs/decode";
import { queryRows } from "../jobs/dialect";
import { versionExpression } from "../jobs/get-job";
import type { JobAction } from "../jobs/job-action";
import type { JobSource } from "../jobs/job-source";
import { filterPredicate } from "../jobs/list-jobs";
import { withId } from "../jobs/missing-values";
import { and, queuePredicate } from "../jobs/queue-filter";
import type { TargetConnection } from "../targets/connect";

/** Which jobs a bulk action covers: a queue's filter, optionally narrowed to chosen ids or a stuck rule. */
export interface BulkScope {
  queue: string;
  filter: JobFilter;
  /** The operator's selection; empty means "everything matching the filter". */
  ids?: readonly string[];
  /** Only jobs this condition catches (a stuck rule's predicate). */
  extra?: SQL;
}

/**
 * The jobs an action would touch, as seen now (raw state and row version each), in id order, at
 * most `limit`. This snapshot is what the action later compares against, job by job.
 */
export async function snapshotScope(
  connection: TargetConnection,
  source: JobSource,
  action: JobAction,
  scope: BulkScope,
  limit: number,
): Promise<ActionItem[]> {
  const eligible = sql.join(
    action.from.map((state) => canonicalPredicate(source, state)),
    sql` or `,
  );
  const chosen =
    scope.ids === undefined
      ? undefined
      : scope.ids.length === 0
        ? sql`false`
        : sql`${source.columns.id} in (${sql.join(
            scope.ids.map((id) => sql`${id}`),
            sql`, `,
          )})`;
  const rows = await queryRows(
    connection,
    sql`select ${source.columns.id} as id, cast(${source.columns.state} as text) as state,
               ${versionExpression(connection, source)} as version
        from ${source.table}
        where ${and(
          queuePredicate(source, scope.queue),
          withId(source),
          filterPredicate(connection, source, scope.filter),
          chosen,
          scope.extra,
          sql`(${eligible})`,
          action.when,
        )}
        order by ${source.columns.id}
        limit ${limit}`,
  );
  return rows.map((row) => ({
    id: idString(row.id),
    seenState: row.state === null || row.state === undefined ? null : String(row.state),
    seenVersion: row.version === null || row.version === undefined ? null : String(row.version),
  }));
}
