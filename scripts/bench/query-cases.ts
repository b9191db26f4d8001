import { sql } from "drizzle-orm";
import { countStates } from "@/db/jobs/count-states";
import { getJobRecord, getTimeline } from "@/db/jobs/get-job";
import type { JobSource } from "@/db/jobs/job-source";
import { listJobs } from "@/db/jobs/list-jobs";
import { listQueues } from "@/db/jobs/list-queues";
import { queueActivity } from "@/db/jobs/queue-activity";
import { findStuck } from "@/db/stuck/find-stuck";
import type { PostgresConnection } from "@/db/targets/connect";
import { DEFAULT_THRESHOLDS, type StuckCode } from "@/lib/stuck/stuck-codes";
import { measure, round, type Timing } from "./measure";

export interface BenchSource {
  system: string;
  source: JobSource;
  stuckThresholds: Partial<Record<StuckCode, number>>;
  /** The busiest queue, for the list and detail cases. */
  queue: string;
}

export interface QueryCase {
  id: string;
  label: string;
  switchyard: Timing;
  baseline: Timing | null;
  baselineLabel: string | null;
  /** baseline median / Switchyard median. */
  ratio: number | null;
}

const PAGE = 50;
const DEEP_PAGES = 10_000;

/** Every query case, Switchyard's function first, then the naive query for the same answer. */
export async function runQueryCases(
  connection: PostgresConnection,
  sources: readonly BenchSource[],
  runs: number,
  log: (line: string) => void,
): Promise<QueryCase[]> {
  const cases: QueryCase[] = [];
  const add = async (
    id: string,
    label: string,
    switchyard: () => Promise<unknown>,
    baseline?: { label: string; run: () => Promise<unknown> },
  ) => {
    const ours = await measure(runs, switchyard);
    const theirs = baseline ? await measure(runs, baseline.run) : null;
    const ratio = theirs ? round(theirs.medianMs / Math.max(ours.medianMs, 0.01), 1) : null;
    cases.push({
      id,
      label,
      switchyard: ours,
      baseline: theirs,
      baselineLabel: baseline?.label ?? null,
      ratio,
    });
    log(`  ${label}: ${ours.medianMs} ms${theirs ? ` vs ${theirs.medianMs} ms (${ratio}×)` : ""}`);
  };
  await add(
    "overview",
    "Overview data, every queue (queues, counts, last hour)",
    () => Promise.all(sources.map(({ source }) => overviewOf(connection, source))),
    {
      label: "exact count(*) … GROUP BY queue, state",
      run: () =>
        Promise.all(
          sources.map(({ source }) =>
            connection.db.execute(
              sql`select ${source.columns.queue ?? sql`1`}, ${source.columns.state}, count(*)
                  from ${source.table} group by 1, 2`,
            ),
          ),
        ),
    },
  );

  for (const bench of sources) {
    const { source, queue } = bench;
    const table = sql`${source.table}`;
    const order = sql`order by ${source.columns.createdAt} desc, ${source.columns.id} desc`;
    const inQueue = source.columns.queue ? sql`where ${source.columns.queue} = ${queue}` : sql``;
    const first = await listJobs(connection, source, queue, {}, null, PAGE);
    await add(
      `first-page:${bench.system}`,
      `${bench.system}: job list, first page of "${queue}"`,
      () => listJobs(connection, source, queue, {}, null, PAGE),
      {
        label: "ORDER BY … LIMIT 50",
        run: () =>
          connection.db.execute(sql`select * from ${table} ${inQueue} ${order} limit ${PAGE}`),
      },
    );
    const depth = DEEP_PAGES * PAGE;
    const [anchor] = await connection.db.execute(
      sql`select ${source.columns.createdAt}::text as created, ${source.columns.id}::text as id
          from ${table} ${inQueue} ${order} offset ${depth - 1} limit 1`,
    );
    if (anchor && first.jobs.length > 0) {
      const cursor = { createdAt: String(anchor.created), id: String(anchor.id) };
      await add(
        `deep-page:${bench.system}`,
        `${bench.system}: job list, ${DEEP_PAGES.toLocaleString("en")} pages deep`,
        () => listJobs(connection, source, queue, {}, cursor, PAGE),
        {
          label: `OFFSET ${depth.toLocaleString("en")}`,
          run: () =>
            connection.db.execute(
              sql`select * from ${table} ${inQueue} ${order} offset ${depth} limit ${PAGE}`,
            ),
        },
      );
    } else {
      log(`  ${bench.system}: "${queue}" has fewer than ${depth} jobs; no deep-page case`);
    }

    const thresholdOf = (code: StuckCode) =>
      bench.stuckThresholds[code] ?? DEFAULT_THRESHOLDS[code];
    const queues = await listQueues(connection, source);
    await add(
      `stuck:${bench.system}`,
      `${bench.system}: stuck list, every rule and queue`,
      () => findStuck(connection, source, queues, thresholdOf),
      {
        label: "fetch every unfinished job, judge in the app",
        run: () =>
          connection.db.execute(
            sql`select * from ${table} where ${source.columns.state}::text not in ('completed')`,
          ),
      },
    );

    const [sample] = await connection.db.execute<{ id: string }>(
      sql`select ${source.columns.id}::text as id from ${table}
          where ${source.columns.state}::text = 'failed' limit 1`,
    );
    if (sample && source.history) {
      const history = source.history;
      await add(
        `detail:${bench.system}`,
        `${bench.system}: job page (job and its history)`,
        () =>
          Promise.all([
            getJobRecord(connection, source, sample.id),
            getTimeline(connection, source, sample.id),
          ]),
        {
          label: "SELECT * by id, history by id",
          run: () =>
            Promise.all([
              connection.db.execute(
                sql`select * from ${table} where ${source.columns.id} = ${sample.id}`,
              ),
              connection.db.execute(
                sql`select * from ${history.table} where ${history.jobId} = ${sample.id}
                    order by ${history.at}`,
              ),
            ]),
        },
      );
    }
  }
  return cases;
}

/** What the overview reads per source: its queues, their counts and the last hour's activity. */
async function overviewOf(connection: PostgresConnection, source: JobSource) {
  const queues = await listQueues(connection, source);
  return Promise.all([countStates(connection, source, queues), queueActivity(connection, source)]);
}
