import { type SQL, sql } from "drizzle-orm";
import type { TargetConnection } from "../targets/connect";
import { canonicalPredicate } from "./canonical-sql";
import type { ActionAuthor, JobAction } from "./job-action";
import type { JobSource } from "./job-source";
import { and } from "./queue-filter";
import { inTargetTransaction, type TargetTransaction } from "./target-transaction";

/** A job as the operator saw it: the raw state and row version the action must still find. */
export interface ActionItem {
  id: string;
  seenState: string | null;
  seenVersion: string | null;
}

export type ItemOutcome = "changed" | "skipped";

export interface ActionResult {
  outcomes: Map<string, ItemOutcome>;
  /** PostgreSQL's id of the target transaction, to learn after a crash whether it committed. */
  targetTxid: string | null;
}

interface ApplyOptions {
  lockTimeoutMs: number;
  /** Runs after the changes are made and before the target commits (bulk progress is saved here). */
  beforeCommit?: (result: ActionResult) => Promise<void>;
}

const ID_CASTS = { uuid: "uuid", integer: "bigint", text: "text" } as const;

/**
 * Applies an action to jobs as one compare-and-set: a job is changed only if it still has the raw
 * state and row version the operator saw (xmin on PostgreSQL, the source's version column on
 * SQLite), is in a state the action applies to, and is not locked by someone else right now
 * (SKIP LOCKED: a worker holding it wins). Everything else is reported skipped, never overwritten.
 */
export function applyAction(
  connection: TargetConnection,
  source: JobSource,
  action: JobAction,
  items: readonly ActionItem[],
  author: ActionAuthor,
  options: ApplyOptions,
): Promise<ActionResult> {
  return inTargetTransaction(connection, options.lockTimeoutMs, async (tx) => {
    const changed = items.length === 0 ? [] : await changeRows(tx, source, action, items);
    if (changed.length > 0) await action.record?.(tx, changed, author);
    const result: ActionResult = {
      outcomes: new Map(
        items.map((item) => [item.id, changed.includes(item.id) ? "changed" : "skipped"]),
      ),
      targetTxid: tx.kind === "postgres" ? await currentTxid(tx) : null,
    };
    await options.beforeCommit?.(result);
    return result;
  });
}

async function changeRows(
  tx: TargetTransaction,
  source: JobSource,
  action: JobAction,
  items: readonly ActionItem[],
): Promise<string[]> {
  const { id, state } = source.columns;
  const eligible = sql.join(
    action.from.map((from) => canonicalPredicate(source, from)),
    sql` or `,
  );
  const condition = and(sql`(${eligible})`, action.when);

  if (tx.kind === "postgres") {
    const cast = sql.raw(ID_CASTS[source.idKind]);
    const seen = sql.join(
      items.map(
        (item) => sql`(${item.id}::${cast}, ${item.seenState}::text, ${item.seenVersion}::text)`,
      ),
      sql`, `,
    );
    const rows = await tx.rows(sql`
      with seen(id, state, version) as (values ${seen}),
      locked as (
        select ${id} as id from ${source.table}
        where ${id} in (select id from seen) and ${condition}
        for update skip locked
      )
      update ${source.table} set ${action.set}
      from seen
      where ${id} = seen.id
        and ${id} in (select id from locked)
        and ${state}::text is not distinct from seen.state
        and (seen.version is null or ${source.table}.xmin::text = seen.version)
      returning ${id} as id`);
    return rows.map((row) => String(row.id));
  }

  const changed: string[] = [];
  for (const item of items) {
    const version: SQL | undefined = source.version
      ? item.seenVersion === null
        ? sql`${source.version} is null`
        : sql`${source.version} = ${item.seenVersion}`
      : undefined;
    const rows = await tx.rows(sql`
      update ${source.table} set ${action.set}
      where ${and(sql`${id} = ${item.id}`, sql`${state} is ${item.seenState}`, version, condition)}
      returning ${id} as id`);
    if (rows.length > 0) changed.push(item.id);
  }
  return changed;
}

async function currentTxid(tx: TargetTransaction): Promise<string> {
  const [row] = await tx.rows(sql`select txid_current()::text as txid`);
  return String(row?.txid);
}
