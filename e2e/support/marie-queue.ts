import type postgres from "postgres";
import { connect, demoTargetUrl } from "./demo-databases";

const SCHEMA = "marie_scheduler";

export interface MarieQueue {
  name: string;
  jobIds: string[];
  /** Per job of the queue: how many history rows record it put back to `created` (a retry). */
  retriesRecorded(): Promise<Map<string, number>>;
  /** The jobs' current states, counted. */
  states(): Promise<Record<string, number>>;
  /** Removes the queue, its partition, jobs, history and DAG from the demo. */
  remove(): Promise<void>;
}

/**
 * A queue of its own in the e2e demo's Marie scheduler, with `jobs` failed jobs in one DAG: a bulk
 * retry test can count, in Marie's own job_history (written by its trigger), how many times each
 * job was changed, without touching the demo's data.
 */
export async function createMarieQueue(
  name: string,
  jobs: number,
  options: { slowWrites?: boolean } = {},
): Promise<MarieQueue> {
  const sql = connect(demoTargetUrl("marie"));
  await removeQueue(sql, name);
  await sql`select marie_scheduler.create_queue(${name}, '{"retry_limit": 2}'::json)`;
  if (options.slowWrites) {
    await ensureSlowWriteFunction(sql);
    // Every change to one of its jobs takes 30 ms (a batch of 10 takes 0.3 s): an operation on
    // it spends nearly all its time inside target transactions.
    const [queue] = await sql<{ partition: string }[]>`
      select partition_name as partition from marie_scheduler.queue where name = ${name}`;
    await sql`create trigger e2e_slow_write after update on ${sql(SCHEMA)}.${sql(queue?.partition ?? "")}
              for each row execute function public.e2e_slow_write()`;
  }
  const [dag] = await sql<{ id: string }[]>`
    insert into marie_scheduler.dag (name, state) values (${`${name}-dag`}, 'failed') returning id`;
  const rows = await sql<{ id: string }[]>`
    insert into marie_scheduler.job (name, state, retry_count, retry_limit, data, output, dag_id,
                                     started_on, completed_on)
    select ${name}, 'failed', 2, 2, jsonb_build_object('n', n),
           '{"error": "e2e: the partner endpoint answered 503"}', ${dag?.id ?? null},
           now() - interval '10 minutes', now() - interval '9 minutes'
    from generate_series(1, ${jobs}) as n
    returning id`;
  return {
    name,
    jobIds: rows.map((row) => row.id),
    retriesRecorded: async () => {
      const history = await sql<{ id: string; n: number }[]>`
        select id::text, count(*)::int as n from marie_scheduler.job_history
        where name = ${name} and state = 'created' group by id`;
      return new Map(history.map((row) => [row.id, row.n]));
    },
    states: async () => {
      const counts = await sql<{ state: string; n: number }[]>`
        select state::text, count(*)::int as n from marie_scheduler.job where name = ${name}
        group by state`;
      return Object.fromEntries(counts.map((row) => [row.state, row.n]));
    },
    remove: async () => {
      await removeQueue(sql, name);
      if (options.slowWrites) await sql`drop function if exists public.e2e_slow_write()`;
      await sql.end();
    },
  };
}

async function ensureSlowWriteFunction(sql: postgres.Sql) {
  await sql`create or replace function public.e2e_slow_write() returns trigger language plpgsql
            as $$ begin perform pg_sleep(0.03); return new; end $$`;
}

async function removeQueue(sql: postgres.Sql, name: string) {
  const [queue] = await sql<{ partition: string | null }[]>`
    select partition_name as partition from marie_scheduler.queue where name = ${name}`;
  if (!queue) return;
  const dags = await sql<{ dag_id: string }[]>`
    select distinct dag_id from marie_scheduler.job where name = ${name}`;
  await sql`delete from marie_scheduler.job where name = ${name}`;
  if (queue.partition) {
    const partition = sql`${sql(SCHEMA)}.${sql(queue.partition)}`;
    await sql`alter table marie_scheduler.job detach partition ${partition}`;
    await sql`drop table ${partition}`;
  }
  await sql`delete from marie_scheduler.job_history where name = ${name}`;
  await sql`delete from marie_scheduler.queue where name = ${name}`;
  for (const { dag_id } of dags) {
    await sql`delete from marie_scheduler.dag where id = ${dag_id}`;
    await sql`delete from marie_scheduler.dag_history where id = ${dag_id}`;
  }
}
