import type postgres from "postgres";
import { readSql } from "../fixture";

/**
 * Small deterministic data sets for the adapter tests, in four schemas of one database:
 * - public: the fixture's DDL as it stands (before migration 001), shared tables included;
 * - plant_b: the same DDL under another schema name, with migration 001 applied;
 * - drifted: maintenance_agent_memory alone, its state an enum with a label added later,
 *   no updated_at, an extra column;
 * - review_only: maintenance_tasks_queue alone, partitioned, its states a CHECK list.
 */

const fixture = new URL("./fixture/", import.meta.url).href;
const SHARED_DDL = readSql(fixture, "shared-schema.sql");
const AGENT_DDL = readSql(fixture, "schema.sql");

/** The statements of the pending migration migrations/agent/001_add_retry_columns.sql. */
const MIGRATION_001 = `
  ALTER TABLE maintenance_agent_memory ADD COLUMN retry_count INTEGER DEFAULT 0;
  ALTER TABLE maintenance_agent_memory ADD COLUMN last_retry_at TIMESTAMP WITH TIME ZONE;
  ALTER TABLE maintenance_agent_memory ADD COLUMN next_retry_at TIMESTAMP WITH TIME ZONE;
  ALTER TABLE maintenance_agent_memory ADD COLUMN last_error TEXT;
  ALTER TABLE maintenance_agent_memory ADD COLUMN tasks_queued INTEGER DEFAULT 0;
  CREATE INDEX idx_memory_retry ON maintenance_agent_memory (next_retry_at)
    WHERE processing_status = 'failed';
`;

const id = (prefix: string, n: number) =>
  `${prefix}000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const asset = (n: number) => id("5a", n);
export const memoryId = (n: number) => id("3e", n);
export const taskId = (n: number) => id("7a", n);

/** Rows with a story of their own (the generated review tasks are taskId(1..40)). */
export const ids = {
  public: {
    pending: memoryId(1),
    silent: memoryId(3),
    fresh: memoryId(4),
    completed: memoryId(5),
    failed: memoryId(6),
    escalated: taskId(101),
    missingDocument: taskId(102),
    duplicate: taskId(103),
    duplicateOfGone: taskId(104),
    realWorld: taskId(105),
    /** An approved generated task (taskId(n) is approved when n % 3 = 1). */
    approved: taskId(1),
    /** A rejected generated task (n % 3 = 2), with a review note. */
    rejected: taskId(2),
    goneTask: taskId(999),
  },
  plantB: {
    retryScheduled: memoryId(11),
    failedForGood: memoryId(12),
    retryOverdue: memoryId(13),
    pending: memoryId(14),
    completed: memoryId(15),
    orphan: memoryId(16),
    orphanAsset: asset(99),
  },
} as const;

async function inSchema(sql: postgres.Sql, schema: string, script: string) {
  await sql.unsafe(`create schema if not exists ${schema}`);
  await sql.begin((tx) => tx.unsafe(`set local search_path to ${schema}; ${script}`));
}

export async function loadTestData(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(SHARED_DDL);
  await sql.unsafe(AGENT_DDL);
  await sql.unsafe(PUBLIC_DATA);
  await inSchema(sql, "plant_b", `${SHARED_DDL}; ${AGENT_DDL}; ${MIGRATION_001}; ${PLANT_B_DATA}`);
  await inSchema(sql, "drifted", DRIFTED_DDL);
  // A label added by ALTER TYPE is usable only once that transaction has committed.
  await sql.unsafe(`alter type drifted.memory_status add value 'paused'`);
  await sql.unsafe(DRIFTED_DATA);
  await inSchema(sql, "review_only", REVIEW_ONLY);
}

const PUBLIC_DATA = `
  insert into systems (asset_uid, manufacturer_norm, model_norm, description)
  select ('5a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Yanmar', '4JH4' || g,
         'marine diesel engine'
  from generate_series(1, 8) g;
  insert into documents (doc_id, manufacturer, model, storage_path, asset_uid) values
    ('doc-present', 'YANMAR CO., LTD.', '4JH45', 'manuals/yanmar-4jh45.pdf', '${asset(1)}');

  insert into maintenance_agent_memory
    (id, asset_uid, processing_status, processing_stage, manual_tasks_count, realworld_tasks_count,
     inferred_tasks_count, total_tasks_found, created_at, updated_at) values
    ('${memoryId(1)}', '${asset(1)}', 'pending', 'not_started', 0, 0, 0, 0, now() - interval '3 hours', now() - interval '3 hours'),
    ('${memoryId(2)}', '${asset(2)}', 'pending', 'not_started', 0, 0, 0, 0, now() - interval '2 hours', now() - interval '2 hours'),
    ('${memoryId(3)}', '${asset(3)}', 'in_progress', 'extraction', 0, 0, 0, 0, now() - interval '1 day', now() - interval '2 hours 5 minutes'),
    ('${memoryId(4)}', '${asset(4)}', 'in_progress', 'inference', 0, 0, 0, 0, now() - interval '1 day', now() - interval '5 seconds'),
    ('${memoryId(5)}', '${asset(5)}', 'completed', 'completed', 7, 3, 2, 12, now() - interval '2 days', now() - interval '10 minutes'),
    ('${memoryId(6)}', '${asset(6)}', 'failed', 'error', 0, 0, 0, 0, now() - interval '2 days', now() - interval '20 minutes');

  -- The real table may lack this foreign key; without it a duplicate can point at nothing.
  alter table maintenance_tasks_queue drop constraint maintenance_tasks_queue_duplicate_of_fkey;

  insert into maintenance_tasks_queue
    (id, asset_uid, description, status, task_type, confidence, criticality, source, source_details,
     reviewed_at, reviewed_by, review_notes, created_at)
  select ('7a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '${asset(1)}',
         'Task ' || g, (array['pending', 'approved', 'rejected'])[1 + g % 3],
         (array['visual_inspection', 'fluid_check'])[1 + g % 2], 0.5 + g / 100.0, 'routine', 'manual',
         jsonb_build_object('doc_id', 'doc-present', 'page_start', g),
         case when g % 3 <> 0 then now() - make_interval(mins => g) + interval '30 seconds' end,
         case when g % 3 <> 0 then 'alice' end,
         case when g % 3 = 2 then 'Not applicable to this model' end,
         now() - make_interval(mins => g)
  from generate_series(1, 40) g;

  insert into maintenance_tasks_queue
    (id, asset_uid, description, status, task_type, confidence, criticality, source, source_details,
     duplicate_status, duplicate_of, similarity_score, reviewed_at, reviewed_by, created_at) values
    ('${taskId(101)}', '${asset(2)}', 'Escalated by hand', 'escalated', 'fluid_check', 0.7, 'routine',
     'manual', '{"doc_id": "doc-present"}', 'unique', null, null, null, null, now() - interval '3 days'),
    ('${taskId(102)}', '${asset(2)}', 'Replace the impeller wear ring', 'pending', 'parts_replacement', 0.81,
     'important', 'manual', '{"doc_id": "doc-gone", "chunk_id": "chunk-gone"}', 'unique', null, null,
     null, null, now() - interval '12 days'),
    ('${taskId(103)}', '${asset(2)}', 'Top up engine oil', 'pending', 'fluid_check', 0.86, 'critical',
     'real_world', '{"method": "llm_knowledge"}', 'needs_review', '${taskId(1)}', 0.874, null, null,
     now() - interval '19 days'),
    ('${taskId(104)}', '${asset(2)}', 'Check belts', 'pending', 'visual_inspection', 0.6, 'routine',
     'manual', '{"doc_id": "doc-present"}', 'needs_review', '${taskId(999)}', 0.9, null, null,
     now() - interval '4 days'),
    ('${taskId(105)}', '${asset(2)}', 'Inspect seacock', 'approved', 'visual_inspection', 0.97, 'important',
     'real_world', '{"method": "llm_knowledge"}', 'unique', null, null, now() - interval '1 day', 'auto',
     now() - interval '5 days');
`;

const PLANT_B_DATA = `
  insert into systems (asset_uid, manufacturer_norm, model_norm, description)
  select ('5a000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Grundfos', 'CR ' || g, 'pump'
  from generate_series(11, 16) g;
  -- The agent's row outlives its system when the foreign key is gone.
  alter table maintenance_agent_memory drop constraint maintenance_agent_memory_asset_uid_fkey;

  insert into maintenance_agent_memory
    (id, asset_uid, processing_status, processing_stage, retry_count, last_retry_at, next_retry_at,
     last_error, tasks_queued, total_tasks_found, created_at, updated_at) values
    ('${memoryId(11)}', '${asset(11)}', 'failed', 'discovery', 2, now() - interval '5 minutes',
     now() + interval '10 minutes', 'Pinecone timeout', 0, 0, now() - interval '1 day', now() - interval '5 minutes'),
    ('${memoryId(12)}', '${asset(12)}', 'failed', 'error', 3, now() - interval '1 hour', null,
     'OpenAI 429: rate limited', 0, 0, now() - interval '1 day', now() - interval '1 hour'),
    ('${memoryId(13)}', '${asset(13)}', 'failed', 'extraction', 1, now() - interval '30 minutes',
     now() - interval '1 minute', 'connection reset', 0, 0, now() - interval '1 day', now() - interval '30 minutes'),
    ('${memoryId(14)}', '${asset(14)}', 'pending', 'not_started', 0, null, null, null, 0, 0,
     now() - interval '1 hour', now() - interval '1 hour'),
    ('${memoryId(15)}', '${asset(15)}', 'completed', 'completed', 0, null, null, null, 4, 6,
     now() - interval '1 day', now() - interval '2 minutes'),
    ('${memoryId(16)}', '${asset(99)}', 'in_progress', 'queueing', 0, null, null, null, 0, 0,
     now() - interval '1 day', now() - interval '1 minute');

  insert into maintenance_tasks_queue (asset_uid, description, status, confidence)
  values ('${asset(11)}', 'Inspect shaft seal', 'pending', 0.7);
`;

const DRIFTED_DDL = `
  create type memory_status as enum ('pending', 'in_progress', 'completed', 'failed');
  create table maintenance_agent_memory (
    id uuid primary key default gen_random_uuid(),
    asset_uid uuid not null,
    processing_status memory_status not null default 'pending',
    processing_stage text,
    owner_team text,
    created_at timestamptz not null default now()
  );
`;

const DRIFTED_DATA = `
  insert into drifted.maintenance_agent_memory (id, asset_uid, processing_status, processing_stage) values
    ('${memoryId(21)}', '${asset(21)}', 'pending', 'not_started'),
    ('${memoryId(22)}', '${asset(22)}', 'paused', 'discovery'),
    ('${memoryId(23)}', '${asset(23)}', 'completed', 'completed');
`;

const REVIEW_ONLY = `
  create table maintenance_tasks_queue (
    id uuid not null default gen_random_uuid(),
    asset_uid uuid not null,
    description text not null,
    status text not null check (status in ('pending', 'approved', 'rejected', 'escalated')),
    confidence numeric,
    reviewed_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (id, status)
  ) partition by list (status);
  create table maintenance_tasks_queue_open partition of maintenance_tasks_queue for values in ('pending');
  create table maintenance_tasks_queue_closed partition of maintenance_tasks_queue default;
  insert into maintenance_tasks_queue (id, asset_uid, description, status, reviewed_at) values
    ('${taskId(201)}', '${asset(31)}', 'Check oil', 'pending', null),
    ('${taskId(202)}', '${asset(31)}', 'Check belts', 'approved', now() - interval '5 minutes'),
    ('${taskId(203)}', '${asset(31)}', 'Check hoses', 'escalated', null);
`;
