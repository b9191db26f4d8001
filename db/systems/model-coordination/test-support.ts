import type postgres from "postgres";
import { readSql } from "../fixture";

/**
 * Small deterministic data sets for the adapter tests, each in its own schema of one database:
 * - public: the fixture's DDL as it stands (027 applied to jobs but not to workflow_executions);
 * - genai: the same DDL under another schema name, with migration 027 applied in full;
 * - legacy: a database before 027 (no coordination columns or tables), jobs.status plain text.
 */

export const FIXTURE_DDL = readSql(new URL("./fixture/", import.meta.url).href, "schema.sql");

/** What migration 027 adds to workflow_executions (the fixture leaves it out on purpose). */
export const EXECUTIONS_027_DDL = `
  ALTER TABLE workflow_executions ADD COLUMN required_models JSONB;
  ALTER TABLE workflow_executions ADD COLUMN current_step_model TEXT;
  ALTER TABLE workflow_executions ADD COLUMN blocked_by_job_id TEXT;
`;

/** jobs and workflow_executions as the project had them before 027; status has no CHECK. */
export const LEGACY_DDL = `
  CREATE TABLE jobs (
    job_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID,
    status TEXT NOT NULL DEFAULT 'pending',
    prompt TEXT NOT NULL,
    model TEXT,
    image_url TEXT,
    video_url TEXT,
    error_message TEXT,
    job_type TEXT DEFAULT 'image' NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    started_at TIMESTAMP WITH TIME ZONE,
    completed_at TIMESTAMP WITH TIME ZONE,
    metadata JSONB DEFAULT '{}'::jsonb,
    workflow_metadata JSONB
  );
  CREATE TABLE workflow_executions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id UUID REFERENCES jobs (job_id) ON DELETE CASCADE,
    workflow_id TEXT NOT NULL,
    user_id UUID,
    current_step INTEGER DEFAULT 0,
    total_steps INTEGER NOT NULL,
    status TEXT CHECK (status IN ('pending', 'running', 'completed', 'failed', 'pending_retry')) DEFAULT 'pending',
    checkpoints JSONB DEFAULT '{}',
    error_info JSONB,
    retry_count INTEGER DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
  );
`;

/** Runs a script with `schema` first on the search path, so unqualified names land there. */
export async function loadInto(sql: postgres.Sql, schema: string, script: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`create schema if not exists ${schema}`);
    await tx.unsafe(`set local search_path to ${schema}`);
    await tx.unsafe(script);
  });
}

const id = (prefix: string, n: number) =>
  `${prefix}000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const USER = id("0a", 1);
/** jobs.job_id of generated job n (1..72). */
export const jobId = (n: number) => id("10", n);
/** workflow_executions.id of the execution of workflow job n. */
export const executionId = (n: number) => id("20", n);

export const JOB_STATUSES = [
  "pending",
  "running",
  "completed",
  "failed",
  "cancelled",
  "pending_retry",
] as const;

/**
 * 72 jobs: status by n % 6 (JOB_STATUSES order), job type by (n / 6) % 3 (image, video,
 * workflow), created n minutes ago. Pending jobs with n % 12 = 0 are blocked by job 2. Every
 * workflow job has one execution with its job's status (cancelled → failed).
 */
export const GENERATED_JOBS_SQL = `
    insert into users (id, email) values ('${USER}', 'maya.1@example.com');
    insert into jobs (job_id, user_id, status, prompt, model, job_type, created_at, started_at,
                      completed_at, error_message, metadata, required_models, blocked_by_job_id,
                      conflict_reason, queue_position, queued_at)
    select ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '${USER}',
           (array['pending','running','completed','failed','cancelled','pending_retry'])[1 + g % 6],
           'prompt ' || g,
           (array['flux-dev','motion-2.0-fast'])[1 + g % 2],
           (array['image','video','workflow'])[1 + (g / 6) % 3],
           now() - make_interval(mins => g),
           case when g % 6 in (1, 2, 3, 5) then now() - make_interval(mins => g) + interval '5 seconds' end,
           case when g % 6 in (2, 3) then now() - make_interval(mins => g) + interval '30 seconds' end,
           case when g % 6 = 3 then 'Generation timed out after 300s waiting for ' || (array['flux-dev','motion-2.0-fast'])[1 + g % 2] end,
           jsonb_build_object('n', g, 'priority', 1 + g % 3),
           jsonb_build_array((array['flux-dev','motion-2.0-fast'])[1 + g % 2]),
           case when g % 12 = 0 then '${jobId(2)}' end,
           case when g % 12 = 0 then 'Model flux-dev in use by job ${jobId(2)}' end,
           case when g % 6 = 0 then g / 6 end,
           case when g % 6 = 0 then now() - make_interval(mins => g) end
    from generate_series(1, 72) g;
    insert into workflow_executions (id, job_id, workflow_id, user_id, current_step, total_steps,
                                     status, checkpoints, error_info, retry_count, created_at)
    select ('20000000-0000-4000-8000-' || lpad(j.n::text, 12, '0'))::uuid, j.job_id, 'knight-style-img-to-video',
           j.user_id, case when j.status = 'completed' then 2 else 1 end, 2,
           case when j.status = 'cancelled' then 'failed' else j.status end,
           jsonb_build_object('0', jsonb_build_object('status', 'completed', 'model', 'nano-banana-pro-leonardo')),
           case when j.status in ('failed', 'cancelled', 'pending_retry') then
             jsonb_build_object('error_type', 'quota_exceeded', 'message', 'Quota exceeded for model (429 Too Many Requests)',
                                'step', 1, 'model', 'motion-2.0-fast') end,
           j.n % 3, j.created_at
    from (select job_id, user_id, status, created_at, (metadata ->> 'n')::int as n
          from jobs where job_type = 'workflow') j;
`;

/** An id for rows the action and stuck tests insert (prefix 30…, apart from the generated jobs). */
export const testId = (n: number) => id("30", n);

/**
 * One jobs row for the action and stuck tests: required columns plus `columns`, each a raw SQL
 * expression ("now() - interval '5 minutes'", "'failed'"). Uses the user USER (insert it first).
 */
export function jobSql(
  jobIdValue: string,
  status: string,
  columns: Readonly<Record<string, string>> = {},
): string {
  const all: Record<string, string> = {
    job_id: `'${jobIdValue}'`,
    user_id: `'${USER}'`,
    status: `'${status}'`,
    prompt: "'a prompt'",
    job_type: "'image'",
    ...columns,
  };
  return `insert into jobs (${Object.keys(all).join(", ")}) values (${Object.values(all).join(", ")});`;
}

export const USER_SQL = `insert into users (id, email) values ('${USER}', 'maya.1@example.com');`;
