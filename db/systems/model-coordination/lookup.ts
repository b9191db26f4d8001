import { sql } from "drizzle-orm";
import { FINISHED_STATES, type JobState } from "@/lib/jobs/job-state";
import { canonicalCase } from "../../jobs/canonical-sql";
import { withinDeclaredStates } from "../../jobs/declared-states";
import { idString, isPossibleId } from "../../jobs/decode";
import { queryRows } from "../../jobs/dialect";
import type { JobSource } from "../../jobs/job-source";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, RelatedJob } from "../adapter";
import { JOBS_SOURCE, modelCoordinationSources } from "./sources";

/** A job or execution found by an id some other row recorded. */
export interface FoundJob {
  sourceId: string;
  id: string;
  rawState: string | null;
  state: JobState;
}

export function sourcesOf(detection: Detection): Map<string, JobSource> {
  return new Map(
    modelCoordinationSources(detection).map((source) => [source.id, withinDeclaredStates(source)]),
  );
}

/** The row of `source` with this id, if the id can be one of its ids and the row exists. */
export async function findIn(
  connection: TargetConnection,
  source: JobSource | undefined,
  recordedId: string,
): Promise<FoundJob | null> {
  if (!source || !isPossibleId(source.idKind, recordedId)) return null;
  const { id, state } = source.columns;
  const [row] = await queryRows(
    connection,
    sql`select ${id} as id, ${state} as raw, ${canonicalCase(source)} as state
        from ${source.table} where ${id} = ${recordedId} limit 1`,
  );
  if (!row) return null;
  return {
    sourceId: source.id,
    id: idString(row.id),
    rawState: row.raw === null || row.raw === undefined ? null : String(row.raw),
    state: row.state as JobState,
  };
}

/**
 * A blocker or slot holder is recorded as TEXT: usually a jobs.job_id, but the coordinator
 * also tracks workflows, so an execution id is looked up when no job has it.
 */
export async function findRecorded(
  connection: TargetConnection,
  sources: Map<string, JobSource>,
  recordedId: string,
): Promise<FoundJob | null> {
  for (const source of sources.values()) {
    const found = await findIn(connection, source, recordedId);
    if (found) return found;
  }
  return null;
}

/** The relation as the job page lists it; `state` is the raw value, as the system stores it. */
export function relatedJob(
  relation: string,
  recordedId: string,
  found: FoundJob | null,
): RelatedJob {
  if (!found) return { relation, jobId: null, recordedId };
  return {
    relation,
    jobId: found.id,
    recordedId,
    ...(found.rawState === null ? {} : { state: found.rawState }),
    sourceId: found.sourceId,
  };
}

export function isFinished(state: JobState): boolean {
  return FINISHED_STATES.includes(state);
}

/** "job 5a1e…01 (completed)" or "workflow execution … (running)". */
export function describeFound(found: FoundJob): string {
  const what = found.sourceId === JOBS_SOURCE ? "job" : "workflow execution";
  return `${what} ${found.id} is ${found.rawState ?? "without a state"}`;
}
