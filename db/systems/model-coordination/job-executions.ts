import { sql } from "drizzle-orm";
import { ACTIVE_STATES, type JobState } from "@/lib/jobs/job-state";
import { canonicalCase } from "../../jobs/canonical-sql";
import { idString, isPossibleId } from "../../jobs/decode";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { JobSource } from "../../jobs/job-source";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobFact, RelatedJob } from "../adapter";
import { idKindOf } from "../catalog-match";
import { textOf } from "./explain-format";
import { findIn, isFinished, relatedJob } from "./lookup";
import { modelCoordinationTables } from "./schema";
import { EXECUTIONS_SOURCE } from "./sources";

const RELATION = "workflow execution";

/** A workflow job's executions (by workflow_executions.job_id, and the id its metadata records). */
export async function executionsOfJob(
  connection: TargetConnection,
  detection: Detection,
  sources: Map<string, JobSource>,
  job: JobRecord,
): Promise<{ facts: JobFact[]; related: RelatedJob[] }> {
  const live = detection.tables.workflow_executions;
  const source = sources.get(EXECUTIONS_SOURCE);
  const recorded = textOf(recordedExecutionId(job.fields.workflow_metadata));
  if (!live || !source || (job.queue !== "workflow" && !recorded))
    return { facts: [], related: [] };

  const { workflowExecutions: executions } = modelCoordinationTables(detection.schema);
  const rows = isPossibleId(idKindOf(live, "job_id"), job.id)
    ? await queryRows(
        connection,
        sql`select ${executions.id} as id, ${executions.status} as raw,
                   ${canonicalCase(source)} as state,
                   ${executions.currentStep} as current_step, ${executions.totalSteps} as total_steps
            from ${executions} where ${executions.jobId} = ${job.id}
            order by ${executions.createdAt} desc limit 5`,
      )
    : [];
  const facts: JobFact[] = [];
  const related: RelatedJob[] = [];
  for (const row of rows) {
    const id = idString(row.id);
    const state = row.state as JobState;
    related.push({
      relation: RELATION,
      jobId: id,
      recordedId: id,
      state: String(row.raw),
      sourceId: source.id,
    });
    facts.push(executionFact(job, String(row.raw), state, row.current_step, row.total_steps));
  }
  if (recorded && !rows.some((row) => idString(row.id).toLowerCase() === recorded.toLowerCase())) {
    const found = await findIn(connection, source, recorded);
    related.push(relatedJob(`${RELATION} (workflow_metadata.execution_id)`, recorded, found));
    if (!found) {
      facts.push({
        label: "Workflow execution",
        value: `workflow_metadata names execution ${recorded}, which does not exist`,
        tone: ACTIVE_STATES.includes(job.state) ? "danger" : "warning",
      });
    }
  }
  if (rows.length === 0 && !recorded) {
    facts.push({
      label: "Workflow execution",
      value: "none: no workflow_executions row has this job_id",
      tone: ACTIVE_STATES.includes(job.state) ? "warning" : "neutral",
    });
  }
  return { facts, related };
}

function recordedExecutionId(metadata: unknown): unknown {
  return metadata && typeof metadata === "object" && "execution_id" in metadata
    ? metadata.execution_id
    : null;
}

/** "running, 2 of 4 steps done", and whether the job and its execution disagree. */
function executionFact(
  job: JobRecord,
  raw: string,
  state: JobState,
  currentStep: unknown,
  totalSteps: unknown,
): JobFact {
  const progress =
    currentStep === null || totalSteps === null
      ? ""
      : `, ${Number(currentStep)} of ${Number(totalSteps)} steps done`;
  const jobActive = ACTIVE_STATES.includes(job.state);
  if (jobActive && isFinished(state)) {
    return {
      label: "Workflow execution",
      value: `${raw}${progress}, but this job is still ${job.rawState}: the job was not updated when its execution ended`,
      tone: "danger",
    };
  }
  if (!jobActive && ACTIVE_STATES.includes(state)) {
    return {
      label: "Workflow execution",
      value: `${raw}${progress}, although this job is ${job.rawState}`,
      tone: "warning",
    };
  }
  return { label: "Workflow execution", value: `${raw}${progress}` };
}
