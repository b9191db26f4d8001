import postgres from "postgres";
import { readSql } from "@/db/systems/fixture";

export const MARIE_SCHEMA = "marie_scheduler";
/** The scheduler's queues (one partition each); `extract` gets half the jobs. */
export const MARIE_QUEUES = ["extract", "embed", "ocr", "notify"] as const;
export const ASSISTANT_TASK_TYPES = ["calculate", "web_search", "wolfram", "memory"] as const;

export interface Dataset {
  url: string;
  name: string;
  jobs: number;
  reused: boolean;
  buildSeconds: number | null;
}

const marieFixture = new URL("../../db/systems/marie/fixture/", import.meta.url).href;
const assistantFixture = new URL("../../db/systems/coach-artie/fixture/", import.meta.url).href;

/**
 * The scratch database for `jobs` jobs: reused when a finished one of that size exists, else built
 * with set-returning SQL (no row-by-row inserts), indexes created after the load, then analyzed.
 */
export async function prepareDataset(
  serverUrl: string,
  jobs: number,
  fresh: boolean,
  log: (line: string) => void,
): Promise<Dataset> {
  const name = `sy_bench_${jobs}`;
  const url = databaseUrl(serverUrl, name);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && !fresh && (await isComplete(url, jobs))) {
      log(`reusing ${name} (--fresh rebuilds it)`);
      return { url, name, jobs, reused: true, buildSeconds: null };
    }
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const started = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0 } });
  try {
    await build(sql, jobs, log);
  } finally {
    await sql.end();
  }
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  log(`built ${name} in ${buildSeconds} s`);
  return { url, name, jobs, reused: false, buildSeconds };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function isComplete(url: string, jobs: number): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ jobs: string }[]>`select jobs::text from bench_meta`;
    return Number(row?.jobs) === jobs;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

async function build(sql: postgres.Sql, jobs: number, log: (line: string) => void) {
  const step = async (what: string, text: string) => {
    const started = performance.now();
    await sql.unsafe(text);
    log(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  log(`building a dataset of ${jobs.toLocaleString("en")} scheduler jobs`);
  await step("schemas", readSql(marieFixture, "schema.sql", MARIE_SCHEMA));
  await step("assistant schema", readSql(assistantFixture, "schema.sql"));
  for (const queue of MARIE_QUEUES) {
    await sql`select ${sql(MARIE_SCHEMA)}.create_queue(${queue}, '{"retry_limit": 2}')`;
  }
  // The system's own indexes are recreated after the load: building them once is far cheaper.
  const indexes = await sql<{ name: string; def: string }[]>`
    select c.relname as name, pg_get_indexdef(c.oid) as def
    from pg_index i join pg_class c on c.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname in (${MARIE_SCHEMA}, 'public') and not i.indisprimary and not i.indisunique
      and t.relname in ('job', 'queue') and i.indrelid = t.oid`;
  for (const index of indexes) {
    const schema = index.def.includes(`${MARIE_SCHEMA}.`) ? `${MARIE_SCHEMA}.` : "public.";
    await sql.unsafe(`drop index ${schema}"${index.name}"`);
  }
  // Triggers (history, foreign keys) off during the load; history rows are generated below.
  await sql`set session_replication_role = replica`;
  await step("dags", dagSql(Math.max(1, Math.ceil(jobs / 1000))));
  await step("scheduler jobs", jobSql(jobs));
  await step("job history", historySql());
  await step("assistant queue", assistantSql(Math.ceil(jobs / 4)));
  await sql`set session_replication_role = origin`;
  for (const index of indexes) {
    await step(`index ${index.name}`, index.def.replace(" ON ONLY ", " ON "));
  }
  await step("vacuum analyze", `vacuum analyze`);
  await sql`create table bench_meta (jobs bigint not null, built_at timestamptz not null default now())`;
  await sql`insert into bench_meta (jobs) values (${jobs})`;
}

const S = MARIE_SCHEMA;

function dagSql(dags: number): string {
  return `insert into ${S}.dag (id, name, state, created_on, completed_on)
    select ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'dag-' || g,
           case when g % 50 = 0 then 'active' else 'completed' end,
           now() - make_interval(secs => (g::float / ${dags}) * 30 * 86400),
           case when g % 50 = 0 then null else now() - make_interval(secs => (g::float / ${dags}) * 30 * 86400 - 600) end
    from generate_series(1, ${dags}) g`;
}

/**
 * Jobs spread over 30 days, newest last. Per 10,000: 5 created, 2 retry due later, 1 retry
 * overdue, 3 active (one with an expired lease), 20 failed (half with retries used up),
 * 5 cancelled, 1 expired, the rest completed. Half the jobs are in `extract`.
 */
function jobSql(jobs: number): string {
  const dags = Math.max(1, Math.ceil(jobs / 1000));
  return `insert into ${S}.job (
      id, name, priority, data, state, retry_limit, retry_count, start_after, started_on,
      expire_in, created_on, completed_on, keep_until, output, dag_id, lease_owner,
      lease_expires_at, run_owner, run_lease_expires_at, lease_epoch)
    select gen_random_uuid(),
           case when g % 2 = 0 then 'extract' else (array['embed','ocr','notify'])[1 + (g / 2) % 3] end,
           g % 3, jsonb_build_object('document', g),
           (case when r < 5 then 'created' when r < 8 then 'retry' when r < 11 then 'active'
                 when r < 31 then 'failed' when r < 36 then 'cancelled' when r < 37 then 'expired'
                 else 'completed' end)::${S}.job_state,
           2, case when r between 11 and 20 then 2 when r between 5 and 7 then 1 else 0 end,
           case when r in (5, 6) then now() + interval '1 hour'
                when r = 7 then now() - interval '2 hours' else created end,
           case when r >= 8 then created + interval '2 seconds' end,
           interval '15 minutes', created,
           case when r >= 11 then created + interval '40 seconds' end,
           created + interval '14 days',
           case when r between 11 and 30 then '{"error": "CUDA out of memory"}'::jsonb end,
           ('00000000-0000-4000-8000-' || lpad((1 + g % ${dags})::text, 12, '0'))::uuid,
           case when r between 8 and 10 then 'worker-' || (g % 16) end,
           case when r = 8 then now() - interval '20 minutes'
                when r between 9 and 10 then now() + interval '5 minutes' end,
           case when r between 8 and 10 then 'worker-' || (g % 16) end,
           case when r = 8 then now() - interval '20 minutes'
                when r between 9 and 10 then now() + interval '5 minutes' end,
           0
    from generate_series(1, ${jobs}) g,
         lateral (select g % 10000 as r,
                         now() - make_interval(secs => (1 - g::float / ${jobs}) * 30 * 86400) as created) x`;
}

/** Two history rows (created, then its state now) for every fifth job and every unfinished one. */
function historySql(): string {
  const columns = `id, name, priority, data, state, retry_limit, retry_count, start_after,
    expire_in, created_on, started_on, completed_on, keep_until, output, dag_id, history_created_on`;
  return `insert into ${S}.job_history (${columns})
    select id, name, priority, data, 'created', retry_limit, 0, created_on, expire_in, created_on,
           null, null, keep_until, null, dag_id, created_on
    from ${S}.job where state <> 'completed' or hashtext(id::text) % 5 = 0;
    insert into ${S}.job_history (${columns})
    select id, name, priority, data, state, retry_limit, retry_count, start_after, expire_in,
           created_on, started_on, completed_on, keep_until, output, dag_id,
           coalesce(completed_on, started_on, created_on)
    from ${S}.job where state <> 'completed' or hashtext(id::text) % 5 = 0`;
}

/** Per 10,000: 5 pending, 2 processing (one for hours), 50 failed, 10 skipped, the rest completed. */
function assistantSql(rows: number): string {
  return `insert into public.queue (status, task_type, payload, created_at, completed_at, responded, error_message)
    select case when r < 5 then 'pending' when r < 7 then 'processing' when r < 57 then 'failed'
                when r < 67 then 'skipped' else 'completed' end,
           (array['calculate','web_search','wolfram','memory'])[1 + g % 4],
           jsonb_build_object('message', g),
           case when r = 5 then now() - interval '3 hours' else created end,
           case when r >= 7 then created + interval '3 seconds' end,
           r >= 67,
           case when r between 7 and 56 then 'HTTP 429 from the capability' end
    from generate_series(1, ${rows}) g,
         lateral (select g % 10000 as r,
                         now() - make_interval(secs => (1 - g::float / ${rows}) * 30 * 86400) as created) x`;
}
