import { sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { JobExplanation, JobFact } from "../adapter";
import { formatMilliseconds } from "./format";
import { acolibTables } from "./schema";
import { TASKS_SOURCE } from "./sources";

const FINISHED_TASK_STATES = new Set(["completed", "failed", "cancelled"]);

/** The parent task (which may be gone: task_id has no foreign key) and how long the call took. */
export async function explainToolExecution(
  connection: TargetConnection,
  job: JobRecord,
): Promise<JobExplanation> {
  const facts: JobFact[] = [];
  const taskId = job.fields.task_id === null ? null : String(job.fields.task_id);
  const { tasks } = acolibTables;
  const [task] =
    taskId === null
      ? []
      : await queryRows(
          connection,
          sql`select ${tasks.id} as id, ${tasks.title} as title, ${tasks.status} as status
              from ${tasks} where ${tasks.id} = ${taskId} limit 1`,
        );

  if (!task) {
    facts.push({
      label: "Parent task",
      value: `${taskId ?? "none"} is not in tasks (task_id has no foreign key, so the task row may have been deleted)`,
      tone: "warning",
    });
  } else {
    facts.push({ label: "Parent task", value: String(task.title) });
    const unfinished = job.state === "running" || job.state === "waiting";
    if (unfinished && FINISHED_TASK_STATES.has(String(task.status))) {
      facts.push({
        label: "Parent task finished",
        value: `the task is ${String(task.status)}, but this execution is still ${job.rawState}`,
        tone: "warning",
      });
    }
  }
  facts.push(durationFact(job));

  return {
    facts,
    related:
      taskId === null
        ? []
        : [
            {
              relation: "parent task",
              jobId: task ? String(task.id) : null,
              recordedId: taskId,
              ...(task ? { state: String(task.status) } : {}),
              sourceId: TASKS_SOURCE,
            },
          ],
  };
}

function durationFact(job: JobRecord): JobFact {
  const recorded = job.fields.duration_ms;
  if (recorded !== null && recorded !== undefined) {
    return { label: "Duration", value: formatMilliseconds(Number(recorded)) };
  }
  if (job.createdAt && job.finishedAt) {
    const seconds = (job.finishedAt.getTime() - job.createdAt.getTime()) / 1000;
    return {
      label: "Duration",
      value: `${formatDuration(seconds)} (created_at to completed_at; duration_ms not recorded)`,
    };
  }
  if (job.createdAt && (job.state === "running" || job.state === "waiting")) {
    const seconds = (Date.now() - job.createdAt.getTime()) / 1000;
    return {
      label: "Duration",
      value: `${job.rawState} for ${formatDuration(seconds)} so far (since created_at)`,
    };
  }
  return { label: "Duration", value: "not recorded" };
}
