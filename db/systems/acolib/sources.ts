import type { AnyColumn } from "drizzle-orm";
import type { JobSource } from "../../jobs/job-source";
import type { Detection } from "../adapter";
import { declaredStatesOf, idKindOf, ifPresent } from "../catalog-match";
import { TOOL_EXECUTION_ACTIONS, taskActions } from "./actions";
import { acolibTables } from "./schema";
import { taskStuckRules, toolExecutionStuckRules } from "./stuck-rules";

export const TASKS_SOURCE = "tasks";
export const TOOL_EXECUTIONS_SOURCE = "tool_executions";

export const TASK_STATES = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
} as const;

export const TOOL_EXECUTION_STATES = {
  pending: "waiting",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  timeout: "failed",
} as const;

/** `tasks` (one queue per task_type) and, when present, `tool_executions` (one queue). */
export function acolibSources(detection: Detection): JobSource[] {
  const live = detection.tables.tasks;
  if (!live) return [];
  const tools = detection.tables.tool_executions;
  const { tasks, toolExecutions } = acolibTables;

  const taskColumns = {
    id: tasks.id,
    state: tasks.status,
    queue: tasks.taskType,
    type: ifPresent(live, tasks.workspacePath),
    createdAt: tasks.createdAt,
    startedAt: ifPresent(live, tasks.startedAt),
    finishedAt: ifPresent(live, tasks.completedAt),
    error: ifPresent(live, tasks.error),
    payload: tasks.config,
  };
  const taskSource: JobSource = {
    id: TASKS_SOURCE,
    label: "Tasks",
    table: tasks,
    columns: taskColumns,
    states: { raw: TASK_STATES },
    queues: { kind: "column" },
    declaredStates: declaredStatesOf(live, "status"),
    idKind: idKindOf(live, "id"),
    actions: taskActions(live, taskColumns),
    // SQLite has no row version: updated_at is rewritten by acolib's trigger on every UPDATE.
    version: ifPresent(live, tasks.updatedAt),
    notes: {
      type: "The type of a task is its workspace_path.",
      heartbeatAt:
        "Tasks have no heartbeat column: the job page shows the last heartbeat of the session named in metadata.session_id.",
      result:
        "Tasks have no result column: outputs are on their tool executions (the timeline). metadata (session_id, source, requested_by) is provenance, shown with the other fields.",
    },
    ...(tools
      ? {
          history: {
            label: "Tool executions",
            table: toolExecutions,
            jobId: toolExecutions.taskId,
            at: toolExecutions.createdAt,
            state: toolExecutions.status,
            event: toolExecutions.toolName,
            details: presentColumns(tools, {
              duration_ms: toolExecutions.durationMs,
              completed_at: toolExecutions.completedAt,
              error: toolExecutions.error,
            }),
          },
        }
      : {}),
  };
  const sources: JobSource[] = [
    { ...taskSource, stuckRules: taskStuckRules(taskSource, detection) },
  ];

  if (tools) {
    const toolSource: JobSource = {
      id: TOOL_EXECUTIONS_SOURCE,
      label: "Tool executions",
      table: toolExecutions,
      columns: {
        id: toolExecutions.id,
        state: toolExecutions.status,
        type: toolExecutions.toolName,
        createdAt: toolExecutions.createdAt,
        finishedAt: ifPresent(tools, toolExecutions.completedAt),
        error: ifPresent(tools, toolExecutions.error),
        payload: ifPresent(tools, toolExecutions.arguments),
        result: ifPresent(tools, toolExecutions.output),
      },
      states: { raw: TOOL_EXECUTION_STATES },
      queues: { kind: "single", name: "tool_executions" },
      declaredStates: declaredStatesOf(tools, "status"),
      idKind: idKindOf(tools, "id"),
      notes: {
        startedAt:
          "No separate start time: created_at is when the execution started (a pending one has not started yet).",
        state: "timeout counts as failed: the tool call ran out of time.",
      },
      actions: TOOL_EXECUTION_ACTIONS,
    };
    sources.push({ ...toolSource, stuckRules: toolExecutionStuckRules(toolSource) });
  }
  return sources;
}

function presentColumns(
  live: NonNullable<Detection["tables"][string]>,
  columns: Record<string, AnyColumn>,
): Record<string, AnyColumn> {
  return Object.fromEntries(
    Object.entries(columns).filter(([, column]) => live.columns.has(column.name)),
  );
}
