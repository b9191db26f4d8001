import postgres from "postgres";
import { processItems } from "@/db/bulk/process-items";
import { snapshotScope } from "@/db/bulk/scope";
import type { JobSource } from "@/db/jobs/job-source";
import type { PostgresConnection } from "@/db/targets/connect";
import { MARIE_SCHEMA } from "./dataset";
import { round } from "./measure";

export interface BulkRaceResult {
  jobs: number;
  changed: number;
  skipped: number;
  seconds: number;
  jobsPerSecond: number;
  workerClaims: number;
  workerCompleted: number;
  longestClaimMs: number;
}

const QUEUE = "bench-bulk";
const S = MARIE_SCHEMA;

/**
 * A bulk retry of `jobs` failed jobs of one queue, in batches of 500, while a worker keeps
 * claiming (FOR UPDATE SKIP LOCKED, as Marie does) and completing the queue's ready jobs,
 * including the ones the retry puts back. Reports the retry's rate and the slowest claim.
 */
export async function runBulkRace(
  connection: PostgresConnection,
  url: string,
  source: JobSource,
  jobs: number,
  log: (line: string) => void,
): Promise<BulkRaceResult> {
  const retry = source.actions?.supported.find((action) => action.code === "retry");
  if (!retry) throw new Error("the scheduler's source offers no retry");
  await seed(connection.sql, jobs);

  const items = await snapshotScope(
    connection,
    source,
    retry,
    { queue: QUEUE, filter: { rawState: "failed" } },
    jobs,
  );
  const worker = postgres(url, { max: 1, onnotice: () => {} });
  let running = true;
  const claims: number[] = [];
  let completed = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const claimed = await worker<{ id: string }[]>`
        update ${worker(S)}.job set state = 'active', started_on = now(),
               lease_owner = 'bench-worker', lease_expires_at = now() + interval '5 minutes'
        where name = ${QUEUE} and id in (
          select id from ${worker(S)}.job
          where name = ${QUEUE} and state in ('created', 'retry') and start_after <= now()
          order by priority desc, created_on limit 20 for update skip locked)
        returning id`;
      claims.push(performance.now() - started);
      if (claimed.length === 0) continue;
      const done = await worker`
        update ${worker(S)}.job set state = 'completed', completed_on = now(), lease_owner = null,
               lease_expires_at = null
        where name = ${QUEUE} and id = any(${claimed.map((row) => row.id)}::uuid[])`;
      completed += done.count;
    }
  })();

  const started = performance.now();
  const result = await processItems(
    connection,
    source,
    retry,
    items,
    { name: "bench", reason: "npm run bench" },
    { batchSize: 500 },
  );
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await loop;
  await worker.end();
  // Leave the dataset as it was: the next run's query cases must not see this queue's backlog.
  await clearBulkQueue(connection.sql);
  const outcome: BulkRaceResult = {
    jobs: items.length,
    changed: result.changed.length,
    skipped: result.skipped.length,
    seconds: round(seconds, 2),
    jobsPerSecond: Math.round(items.length / seconds),
    workerClaims: claims.length,
    workerCompleted: completed,
    longestClaimMs: round(Math.max(0, ...claims), 1),
  };
  log(
    `  bulk retry of ${outcome.jobs.toLocaleString("en")} jobs: ${outcome.seconds} s, ` +
      `${outcome.jobsPerSecond.toLocaleString("en")} jobs/s; worker: ${outcome.workerClaims} claims, ` +
      `slowest ${outcome.longestClaimMs} ms`,
  );
  return outcome;
}

/** Empties the race's queue and its history rows (also after a run that was interrupted). */
export async function clearBulkQueue(sql: postgres.Sql): Promise<void> {
  const [queue] = await sql`select 1 from ${sql(S)}.queue where name = ${QUEUE}`;
  if (!queue) return;
  await sql`delete from ${sql(S)}.job where name = ${QUEUE}`;
  await sql`delete from ${sql(S)}.job_history where name = ${QUEUE}`;
  await sql`analyze ${sql(S)}.job`;
}

/** The race's own queue: `jobs` failed jobs and a steady supply of ready ones, rebuilt each run. */
async function seed(sql: postgres.Sql, jobs: number): Promise<void> {
  await sql`select ${sql(S)}.create_queue(${QUEUE}, '{"retry_limit": 2}')`;
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into ${tx(S)}.job (name, state, retry_count, retry_limit, start_after, started_on,
                                created_on, completed_on, output, dag_id)
      select ${QUEUE}, (case when g <= ${jobs} then 'failed' else 'created' end)::${tx(S)}.job_state,
             case when g <= ${jobs} then 2 else 0 end, 2,
             now() - interval '1 hour', now() - interval '1 hour',
             now() - make_interval(secs => g), case when g <= ${jobs} then now() - interval '50 minutes' end,
             case when g <= ${jobs} then '{"error": "CUDA out of memory"}'::jsonb end,
             (select id from ${tx(S)}.dag limit 1)
      from generate_series(1, ${jobs + jobs / 5}) g`;
  });
  await sql`analyze ${sql(S)}.job`;
}
