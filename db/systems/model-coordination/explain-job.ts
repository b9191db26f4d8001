import { ACTIVE_STATES, type JobState } from "@/lib/jobs/job-state";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact, RelatedJob } from "../adapter";
import { type CoordinatorSlot, readSlot } from "./coordinator-slot";
import { modelsOf, sameId, textOf, timeOf } from "./explain-format";
import { executionsOfJob } from "./job-executions";
import {
  describeFound,
  type FoundJob,
  findRecorded,
  isFinished,
  relatedJob,
  sourcesOf,
} from "./lookup";
import { modelCoordinationTables } from "./schema";

/** Why a jobs row is where it is: its blocker, its place in the queue, the coordinator slot. */
export async function explainJob(
  connection: TargetConnection,
  detection: Detection,
  job: JobRecord,
): Promise<JobExplanation> {
  const { jobs } = modelCoordinationTables(detection.schema);
  const sources = sourcesOf(detection);
  const fields = job.fields;
  const facts: JobFact[] = [];
  const related: RelatedJob[] = [];

  const blockedBy = textOf(fields.blocked_by_job_id);
  if (blockedBy) {
    const blocker = await findRecorded(connection, sources, blockedBy);
    related.push(relatedJob("blocked by", blockedBy, blocker));
    facts.push(blockerFact(job.state, blockedBy, blocker));
  }
  const reason = textOf(fields.conflict_reason);
  if (reason) {
    facts.push({
      label: "Conflict reason",
      value: reason,
      tone: job.state === "blocked" ? "warning" : "neutral",
    });
  }
  const models = modelsOf(fields.required_models);
  if (models) facts.push({ label: "Required models", value: models });
  const position = textOf(fields.queue_position);
  if (position) facts.push({ label: "Queue position", value: `${position} (1 runs next)` });
  const queuedAt = timeOf(jobs.queuedAt, fields.queued_at);
  if (queuedAt) facts.push({ label: "Queued at", value: queuedAt });

  const slot = await readSlot(connection, detection);
  if (slot !== undefined) {
    const holder = slot?.holder ? await findRecorded(connection, sources, slot.holder) : null;
    const explained = slotFacts(job, slot, holder);
    facts.push(...explained.facts);
    related.push(...explained.related);
  }

  const workflow = await executionsOfJob(connection, detection, sources, job);
  facts.push(...workflow.facts);
  related.push(...workflow.related);
  return { facts, related };
}

function blockerFact(state: JobState, recorded: string, blocker: FoundJob | null): JobFact {
  const stillWaiting = state === "blocked";
  if (!blocker) {
    return {
      label: "Blocked by",
      value: `${recorded}, which is no job or workflow execution here${stillWaiting ? ": nothing will release this job" : ""}`,
      tone: stillWaiting ? "danger" : "neutral",
    };
  }
  const finished = isFinished(blocker.state);
  return {
    label: "Blocked by",
    value: `${describeFound(blocker)}${stillWaiting && finished ? ": this job waits for a job that has finished" : ""}`,
    tone: !stillWaiting ? "neutral" : finished ? "danger" : "warning",
  };
}

/** Whether this job holds job_queue_state's single slot, or who does while it waits. */
function slotFacts(
  job: JobRecord,
  slot: CoordinatorSlot | null,
  holder: FoundJob | null,
): { facts: JobFact[]; related: RelatedJob[] } {
  const active = ACTIVE_STATES.includes(job.state);
  const label = "Coordinator slot";
  if (slot === null) {
    return active
      ? { facts: [{ label, value: "job_queue_state has no row", tone: "warning" }], related: [] }
      : { facts: [], related: [] };
  }
  const since = slot.since ? ` since ${slot.since}` : "";
  if (slot.holder && sameId(slot.holder, job.id)) {
    const stale = !active;
    return {
      facts: [
        {
          label,
          value: `held by this job${since}${stale ? `, although it is ${job.rawState}: every job behind the slot waits` : ""}`,
          tone: stale ? "danger" : "neutral",
        },
      ],
      related: [],
    };
  }
  if (!active) return { facts: [], related: [] };
  // Workflows may run beside the slot; a normal job running outside it was orphaned by a reset.
  const orphaned = job.state === "running" && job.queue !== "workflow";
  if (!slot.holder) {
    return {
      facts: [
        {
          label,
          value: `free${orphaned ? ": the coordinator does not count this running job" : ""}`,
          tone: orphaned ? "warning" : "neutral",
        },
      ],
      related: [],
    };
  }
  const what = slot.holderType ? `${slot.holderType} job` : "job";
  const models = slot.models ? `, using ${slot.models}` : "";
  const holderState = holder ? ` (${holder.rawState})` : " (no such job here)";
  return {
    facts: [
      {
        label,
        value: `held by ${what} ${slot.holder}${holderState}${since}${models}${orphaned ? "; this running job does not hold it" : ""}`,
        tone: orphaned || !holder || isFinished(holder.state) ? "warning" : "neutral",
      },
    ],
    related: [relatedJob("holds the coordinator slot", slot.holder, holder)],
  };
}
