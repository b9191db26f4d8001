/** Small deterministic data for the adapter tests, in a Marie install under schema `s`. */

/** Job ids by what makes them interesting: `00000000-0000-4000-8000-0000000000NN`. */
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const DAG_LIVE = "00000000-0000-4000-9000-000000000001";
export const DAG_FAILED = "00000000-0000-4000-9000-000000000002";
export const DAG_BULK = "00000000-0000-4000-9000-000000000003";

/** Never inserted: referenced from `dependencies` arrays only. */
export const MISSING_UPSTREAM = id(99);
export const MISSING_UPSTREAM_2 = id(98);

/**
 * Rows and the canonical state each must have, per queue:
 * extract: 1 completed, 2 active (one lease expired, one past expire_in), 1 created in the
 * future, 1 retry in the future, 1 retry overdue, 1 'paused' (an enum label Marie lacks);
 * classify: 3 waiting (dependency completed / only a missing upstream / DAG failed), 1 blocked,
 * 1 created in the future but blocked too (scheduled wins), 1 failed, 1 expired;
 * notify: 1 cancelled, 1 retry blocked on the cancelled one, 30 completed (ties on created_on).
 */
export function testData(s: string): string {
  const job = (n: number) => `'${id(n)}'::uuid`;
  return `
    select ${s}.create_queue('extract', '{"retry_limit": 2}');
    select ${s}.create_queue('classify', '{}');
    select ${s}.create_queue('notify', '{}');
    select ${s}.create_queue('empty', '{}');

    insert into ${s}.dag (id, name, state) values
      ('${DAG_LIVE}', 'extract-CLM-1', 'active'),
      ('${DAG_FAILED}', 'extract-CLM-2', 'failed'),
      ('${DAG_BULK}', 'notify-bulk', 'completed');

    insert into ${s}.job (id, name, state, created_on, start_after, started_on, retry_count,
                          retry_limit, expire_in, data, output, dependencies, dag_id, job_level,
                          lease_owner, lease_expires_at, run_owner, run_lease_expires_at)
    values
      (${job(3)}, 'extract', 'active', now() - interval '6 minutes', now() - interval '6 minutes',
        now() - interval '5 minutes', 0, 2, interval '15 minutes', '{"doc": 3}', null, '[]',
        '${DAG_LIVE}', 0, 'worker-7@gpu-node-3', now() - interval '2 minutes',
        'worker-7@gpu-node-3', now() + interval '3 minutes'),
      (${job(5)}, 'extract', 'created', now() - interval '1 minute', now() + interval '1 hour',
        null, 0, 2, default, '{"doc": 5}', null, '[]', '${DAG_LIVE}', 0, null, null, null, null),
      (${job(6)}, 'extract', 'retry', now() - interval '20 minutes', now() + interval '5 minutes',
        now() - interval '19 minutes', 1, 2, default, '{"doc": 6}',
        '{"error": "torch.OutOfMemoryError: CUDA out of memory"}', '[]', '${DAG_LIVE}', 0,
        null, null, null, null),
      (${job(7)}, 'extract', 'retry', now() - interval '3 hours 10 minutes',
        now() - interval '3 hours', now() - interval '3 hours 5 minutes', 1, 2, default,
        '{"doc": 7}', '{"error": "TimeoutError: extract_executor did not answer"}', '[]',
        '${DAG_LIVE}', 0, null, null, null, null),
      (${job(15)}, 'extract', 'active', now() - interval '3 hours 2 minutes',
        now() - interval '3 hours 2 minutes', now() - interval '3 hours', 0, 2,
        interval '15 minutes', '{"doc": 15}', null, '[]', '${DAG_LIVE}', 0,
        'worker-4@gpu-node-2', now() + interval '25 seconds', 'worker-4@gpu-node-2',
        now() + interval '4 minutes'),
      (${job(9)}, 'classify', 'failed', now() - interval '9 minutes', now() - interval '9 minutes',
        now() - interval '8 minutes', 2, 2, default, '{"doc": 9}',
        '{"error": "ValueError: no classifier registered"}', '[]', '${DAG_LIVE}', 1,
        null, null, null, null),
      (${job(10)}, 'classify', 'expired', now() - interval '40 minutes', now() - interval '40 minutes',
        now() - interval '39 minutes', 2, 2, default, '{"doc": 10}',
        '{"value": {"message": "job failed by timeout in active state"}}', '[]', '${DAG_LIVE}', 1,
        null, null, null, null),
      (${job(11)}, 'notify', 'cancelled', now() - interval '8 minutes', now() - interval '8 minutes',
        null, 0, 5, default, '{"doc": 11}', null, '[]', '${DAG_LIVE}', 2, null, null, null, null),
      (${job(14)}, 'classify', 'created', now() - interval '2 minutes', now() - interval '1 minute',
        null, 0, 2, default, '{"doc": 14}', null, '["${MISSING_UPSTREAM_2}"]', '${DAG_LIVE}', 1,
        null, null, null, null),
      (${job(16)}, 'classify', 'created', now() - interval '25 minutes', now() - interval '25 minutes',
        null, 0, 2, default, '{"doc": 16}', null, '[]', '${DAG_FAILED}', 0, null, null, null, null);

    -- Waiting on job 1 (completed below), job 3 (active) and job 11 (cancelled).
    insert into ${s}.job (id, name, state, created_on, start_after, retry_count, retry_limit,
                          data, output, dependencies, dag_id, job_level)
    values
      (${job(2)}, 'classify', 'created', now() - interval '10 minutes', now() - interval '10 minutes',
        0, 2, '{"doc": 2}', null, '["${id(1)}"]', '${DAG_LIVE}', 1),
      (${job(4)}, 'classify', 'created', now() - interval '4 minutes', now() - interval '4 minutes',
        0, 2, '{"doc": 4}', null, '["${id(3)}", "${MISSING_UPSTREAM}", "not-a-uuid"]',
        '${DAG_LIVE}', 1),
      (${job(8)}, 'classify', 'created', now() - interval '3 minutes', now() + interval '1 hour',
        0, 2, '{"doc": 8}', null, '["${id(3)}"]', '${DAG_LIVE}', 1),
      (${job(13)}, 'notify', 'retry', now() - interval '7 minutes', now() - interval '1 minute',
        1, 5, '{"doc": 13}', '{"error": "503 Service Unavailable"}', '["${id(11)}"]',
        '${DAG_LIVE}', 3);

    insert into ${s}.job (id, name, state, created_on, start_after, retry_count, retry_limit,
                          completed_on, output, dag_id)
    select ('00000000-0000-4000-8000-' || lpad((100 + g)::text, 12, '0'))::uuid, 'notify',
           'completed', timestamptz '2024-01-01 00:00:00+00' + make_interval(mins => g / 5),
           timestamptz '2024-01-01 00:00:00+00', 0, 5,
           timestamptz '2024-01-01 00:10:00+00', '{"status": "succeeded"}', '${DAG_BULK}'
    from generate_series(1, 30) g;
  `;
}

/** Job 1 goes created → active → completed in three transactions, so its history has three rows. */
export function lifecycleOfJob1(s: string): string[] {
  const job1 = `'${id(1)}'::uuid`;
  return [
    `insert into ${s}.job (id, name, state, created_on, start_after, data, dependencies, dag_id)
     values (${job1}, 'extract', 'created', now() - interval '30 minutes',
             now() - interval '30 minutes', '{"doc": 1}', '[]', '${DAG_LIVE}')`,
    `update ${s}.job set state = 'active', started_on = now() - interval '29 minutes',
       lease_owner = 'worker-1@gpu-node-1', lease_expires_at = now() - interval '28 minutes'
     where id = ${job1}`,
    `update ${s}.job set state = 'completed', completed_on = now() - interval '28 minutes',
       output = '{"status": "succeeded", "pages": 3}'
     where id = ${job1}`,
  ];
}

/** Edges of the DAG (job 14's upstream exists only in its `dependencies` array). */
export function dependencyEdges(s: string): string {
  return `
    insert into ${s}.job_dependencies (job_name, job_id, depends_on_name, depends_on_id) values
      ('classify', '${id(2)}', 'extract', '${id(1)}'),
      ('classify', '${id(4)}', 'extract', '${id(3)}'),
      ('classify', '${id(8)}', 'extract', '${id(3)}'),
      ('notify', '${id(13)}', 'notify', '${id(11)}');
  `;
}

/** A Marie install that drifted: state is text, no job_history, no job_dependencies, no leases. */
export const TEXT_STATE_INSTALL = `
  create schema sched_text;
  create table sched_text.dag (id uuid primary key, name text not null, state text);
  create table sched_text.job (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    state text not null default 'created',
    start_after timestamptz not null default now(),
    created_on timestamptz not null default now(),
    retry_count integer not null default 0,
    retry_limit integer not null default 2,
    data jsonb,
    output jsonb,
    dag_id uuid,
    team text
  );
  insert into sched_text.dag values ('${DAG_LIVE}', 'text-dag', 'active');
  insert into sched_text.job (id, name, state, start_after, dag_id) values
    ('${id(201)}', 'ocr', 'created', now() - interval '1 minute', '${DAG_LIVE}'),
    ('${id(202)}', 'ocr', 'created', now() + interval '1 hour', '${DAG_LIVE}'),
    ('${id(203)}', 'ocr', 'active', now() - interval '1 minute', '${DAG_LIVE}'),
    ('${id(204)}', 'ocr', 'archived_by_hand', now() - interval '1 day', '${DAG_LIVE}');
`;

/** pg-boss has a job table with the same columns (and a queue table), but no DAGs. */
export const PG_BOSS_LOOKALIKE = `
  create schema pgboss;
  create type pgboss.job_state as enum ('created', 'retry', 'active', 'completed', 'cancelled', 'failed');
  create table pgboss.queue (name text primary key, policy text);
  create table pgboss.job (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    state pgboss.job_state not null default 'created',
    retry_limit integer not null default 2,
    retry_count integer not null default 0,
    start_after timestamptz not null default now(),
    created_on timestamptz not null default now(),
    data jsonb,
    output jsonb
  );
`;

/** A `job` beside a `dag`, whose state is an integer: not Marie's. */
export const INTEGER_STATE_LOOKALIKE = `
  create schema int_jobs;
  create table int_jobs.dag (id uuid primary key, name text);
  create table int_jobs.job (
    id uuid primary key, name text, state integer, start_after timestamptz,
    created_on timestamptz, retry_count int, retry_limit int
  );
`;
