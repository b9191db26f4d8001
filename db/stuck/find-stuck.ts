import { type SQL, sql } from "drizzle-orm";
import type { ActionCode } from "@/lib/jobs/actions";
import type { StuckCode } from "@/lib/stuck/stuck-codes";
import { idString } from "../jobs/decode";
import { dialectOf, queryRows } from "../jobs/dialect";
import { versionExpression } from "../jobs/get-job";
import type { JobSource } from "../jobs/job-source";
import { withId } from "../jobs/missing-values";
import { and, queueExpression, queuePredicate } from "../jobs/queue-filter";
import type { TargetConnection } from "../targets/connect";
import { roleRules } from "./role-rules";
import type { StuckRule, TableRule } from "./stuck-rule";

export interface StuckJob {
  queue: string;
  source: string;
  jobId: string;
  rawState: string | null;
  /** The row version when it was found, for an action from the stuck list (compare-and-set). */
  version: string | null;
  code: StuckCode;
  since: Date | null;
  ageSeconds: number;
  thresholdSeconds: number;
  explanation: string;
  suggestedAction: ActionCode | null;
}

export interface StuckCount {
  queue: string;
  code: StuckCode;
  count: number;
  /** False when the count stopped at the bound. */
  exact: boolean;
}

export interface SourceStuck {
  jobs: StuckJob[];
  counts: StuckCount[];
}

const COUNT_BOUND = 10_000;

/**
 * The rules that apply to a source: its roles' rules, replaced by the system's own where it has
 * one, less those it turns off.
 */
export function rulesOf(connection: TargetConnection, source: JobSource): StuckRule[] {
  const own = source.stuckRules ?? [];
  const generic = roleRules(source, dialectOf(connection)).filter(
    (rule) => !own.some((mine) => mine.code === rule.code),
  );
  const checked = own.filter((rule): rule is StuckRule => rule.kind !== "not-checked");
  return [...generic, ...checked];
}

/**
 * Stuck jobs of one source: per rule and queue, how many (bounded) and the longest-stuck first.
 * Queues with the same threshold are checked in one query; rules run side by side (as many at once
 * as the target's pool allows) and their results are merged in rule order.
 */
export async function findStuck(
  connection: TargetConnection,
  source: JobSource,
  queues: readonly string[],
  thresholdOf: (code: StuckCode, queue: string) => number,
  limitPerRule = 100,
): Promise<SourceStuck> {
  const perRule = await Promise.all(
    rulesOf(connection, source).map(async (rule) => {
      const result: SourceStuck = { jobs: [], counts: [] };
      if (rule.kind === "custom") {
        const threshold = thresholdOf(rule.code, queues[0] ?? "");
        const rows = await queryRows(
          connection,
          sql`${rule.rows(threshold)} limit ${limitPerRule}`,
        );
        collect(result, source, rule, threshold, rows, (row) => ({ ...row }));
        countRows(result, rule.code, rows, rows.length < limitPerRule);
        return result;
      }
      for (const [threshold, group] of groupByThreshold(rule, queues, thresholdOf)) {
        const where = and(
          group.length === queues.length ? undefined : anyQueue(source, group),
          withId(source),
          rule.where(threshold),
        );
        await tableRule(connection, source, rule, threshold, where, limitPerRule, result);
      }
      return result;
    }),
  );
  return {
    jobs: perRule.flatMap((result) => result.jobs),
    counts: perRule.flatMap((result) => result.counts),
  };
}

async function tableRule(
  connection: TargetConnection,
  source: JobSource,
  rule: TableRule,
  threshold: number,
  where: SQL,
  limit: number,
  result: SourceStuck,
) {
  const counts = await queryRows(
    connection,
    sql`select queue, count(*) as n from (
          select ${queueExpression(source)} as queue from ${source.table} where ${where} limit ${COUNT_BOUND}
        ) bounded group by queue`,
  );
  const total = counts.reduce((sum, row) => sum + Number(row.n), 0);
  for (const row of counts) {
    result.counts.push({
      queue: String(row.queue),
      code: rule.code,
      count: Number(row.n),
      exact: total < COUNT_BOUND,
    });
  }
  if (total > 0) await listRows(connection, source, rule, threshold, where, limit, result);
}

/** The stuck rows of one table rule, longest-stuck first, with their explanations. */
async function listRows(
  connection: TargetConnection,
  source: JobSource,
  rule: TableRule,
  threshold: number,
  where: SQL,
  limit: number,
  result: SourceStuck,
) {
  const dialect = dialectOf(connection);
  const details = Object.entries(rule.details ?? {});
  const rows = await queryRows(
    connection,
    sql`select ${source.columns.id} as id, ${queueExpression(source)} as queue,
               ${source.columns.state} as raw_state, ${rule.since} as since,
               ${versionExpression(connection, source)} as version,
               ${dialect.nowEpoch} - ${dialect.epoch(rule.since)} as age
               ${sql.join(
                 details.map(([name, value]) => sql`, ${value} as ${sql.identifier(`d_${name}`)}`),
                 sql``,
               )}
        from ${source.table} where ${where}
        order by ${rule.since} asc limit ${limit}`,
  );
  collect(result, source, rule, threshold, rows, (row) =>
    Object.fromEntries(details.map(([name]) => [name, row[`d_${name}`]])),
  );
}

/**
 * Why one job is stuck right now, if it is: every rule checked against that job alone, with the
 * threshold of its queue. Empty when nothing holds.
 */
export async function stuckReasonsOf(
  connection: TargetConnection,
  source: JobSource,
  job: { id: string; queue: string },
  thresholdOf: (code: StuckCode, queue: string) => number,
): Promise<StuckJob[]> {
  const result: SourceStuck = { jobs: [], counts: [] };
  for (const rule of rulesOf(connection, source)) {
    const threshold = thresholdOf(rule.code, job.queue);
    if (rule.kind === "custom") {
      const rows = await queryRows(
        connection,
        sql`select * from (${rule.rows(threshold)}) stuck where cast(stuck.id as text) = ${job.id}`,
      );
      collect(result, source, rule, threshold, rows, (row) => ({ ...row }));
      continue;
    }
    const where = and(sql`${source.columns.id} = ${job.id}`, rule.where(threshold));
    await listRows(connection, source, rule, threshold, where, 1, result);
  }
  return result.jobs;
}

function collect(
  result: SourceStuck,
  source: JobSource,
  rule: StuckRule,
  threshold: number,
  rows: Record<string, unknown>[],
  detailsOf: (row: Record<string, unknown>) => Record<string, unknown>,
) {
  for (const row of rows) {
    const ageSeconds = Math.max(0, Number(row.age ?? 0));
    result.jobs.push({
      queue: String(row.queue),
      source: source.id,
      jobId: idString(row.id),
      rawState: textOrNull(row.raw_state),
      version: textOrNull(row.version),
      code: rule.code,
      since: parseSince(row.since),
      ageSeconds,
      thresholdSeconds: threshold,
      explanation: rule.explain(ageSeconds, threshold, detailsOf(row)),
      suggestedAction: rule.suggestedAction,
    });
  }
}

function countRows(
  result: SourceStuck,
  code: StuckCode,
  rows: Record<string, unknown>[],
  exact: boolean,
) {
  const byQueue = new Map<string, number>();
  for (const row of rows) byQueue.set(String(row.queue), (byQueue.get(String(row.queue)) ?? 0) + 1);
  for (const [queue, count] of byQueue) result.counts.push({ queue, code, count, exact });
}

function groupByThreshold(
  rule: StuckRule,
  queues: readonly string[],
  thresholdOf: (code: StuckCode, queue: string) => number,
): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const queue of queues) {
    const threshold = thresholdOf(rule.code, queue);
    groups.set(threshold, [...(groups.get(threshold) ?? []), queue]);
  }
  return groups;
}

function anyQueue(source: JobSource, queues: readonly string[]): SQL {
  return sql.join(
    queues.map((queue) => sql`(${queuePredicate(source, queue) ?? sql`true`})`),
    sql` or `,
  );
}

/** Driver timestamps arrive as text (PostgreSQL through drizzle, SQLite always). */
function parseSince(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(" ", "T");
  const date = new Date(
    /[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text.replace(/([+-]\d\d)$/, "$1:00") : `${text}Z`,
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
