import { ACTIVE_STATES } from "@/lib/jobs/job-state";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact, RelatedJob } from "../adapter";
import { modelsOf, textOf, timeOf } from "./explain-format";
import { describeFound, findIn, findRecorded, isFinished, relatedJob, sourcesOf } from "./lookup";
import { modelCoordinationTables } from "./schema";
import { JOBS_SOURCE } from "./sources";

/** A workflow execution: its parent job, how far it got, what went wrong, and (027) its blocker. */
export async function explainExecution(
  connection: TargetConnection,
  detection: Detection,
  job: JobRecord,
): Promise<JobExplanation> {
  const { workflowExecutions: executions } = modelCoordinationTables(detection.schema);
  const sources = sourcesOf(detection);
  const fields = job.fields;
  const facts: JobFact[] = [];
  const related: RelatedJob[] = [];

  const parentId = textOf(fields.job_id);
  if (parentId) {
    const parent = await findIn(connection, sources.get(JOBS_SOURCE), parentId);
    related.push(relatedJob("parent job", parentId, parent));
    if (!parent) {
      facts.push({ label: "Parent job", value: `${parentId} does not exist`, tone: "danger" });
    } else if (ACTIVE_STATES.includes(job.state) && isFinished(parent.state)) {
      facts.push({
        label: "Parent job",
        value: `${describeFound(parent)}, but this execution is still ${job.rawState}`,
        tone: "warning",
      });
    }
  }

  const workflow = textOf(fields.workflow_id);
  if (workflow) facts.push({ label: "Workflow", value: workflow });
  const step = textOf(fields.current_step);
  const total = textOf(fields.total_steps);
  if (step !== null || total !== null) {
    facts.push({
      label: "Steps done",
      value: `${step ?? "?"} of ${total ?? "?"} (current_step ${step ?? "not set"}, counted from 0)`,
    });
  }
  const stepModel = textOf(fields.current_step_model);
  if (stepModel) facts.push({ label: "Current step model", value: stepModel });
  const models = modelsOf(fields.required_models);
  if (models) facts.push({ label: "Required models", value: models });

  const error = errorText(fields.error_info);
  if (error) {
    facts.push({
      label: "Error info",
      value: error,
      tone: job.state === "failed" ? "danger" : "warning",
    });
  }
  if (ACTIVE_STATES.includes(job.state)) {
    const written = timeOf(executions.updatedAt, fields.updated_at);
    if (written) facts.push({ label: "Last written", value: written });
  }

  const blockedBy = textOf(fields.blocked_by_job_id);
  if (blockedBy) {
    const blocker = await findRecorded(connection, sources, blockedBy);
    related.push(relatedJob("blocked by", blockedBy, blocker));
    facts.push({
      label: "Blocked by",
      value: blocker ? describeFound(blocker) : `${blockedBy}, which is no job or execution here`,
      tone:
        job.state !== "blocked"
          ? "neutral"
          : !blocker || isFinished(blocker.state)
            ? "danger"
            : "warning",
    });
  }
  return { facts, related };
}

/** error_info is JSON ({error_type, message, step, model}); anything else is shown as stored. */
function errorText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return textOf(value);
  if (typeof value !== "object" || Array.isArray(value)) return JSON.stringify(value);
  const info = value as Record<string, unknown>;
  const message = textOf(info.message);
  const type = textOf(info.error_type);
  if (!message && !type) return JSON.stringify(value);
  const where = [
    info.step === undefined || info.step === null ? null : `step index ${String(info.step)}`,
    textOf(info.model),
  ].filter((part): part is string => part !== null);
  return `${[type, message].filter(Boolean).join(": ")}${where.length > 0 ? ` (${where.join(", ")})` : ""}`;
}
