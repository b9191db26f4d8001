import {
  type CatalogSnapshot,
  type CatalogTable,
  missingColumns,
  qualifiedName,
} from "../../catalog/snapshot";
import type { DetectOptions, DetectResult } from "../adapter";
import { describeMatch, findTable, siblingTable } from "../catalog-match";

export const ACOLIB_SYSTEM = "acolib";

const TASKS_REQUIRED = ["id", "title", "task_type", "status", "config", "created_at"] as const;
const TASKS_OPTIONAL = ["workspace_path", "started_at", "completed_at", "error", "metadata"];
const TOOLS_REQUIRED = ["id", "task_id", "tool_name", "status", "created_at"] as const;
const TOOLS_OPTIONAL = ["arguments", "output", "error", "completed_at", "duration_ms"];
const SESSIONS_REQUIRED = ["id", "last_heartbeat"] as const;
const SESSIONS_OPTIONAL = ["client_id", "is_active"];
const WORKFLOW_TASKS_REQUIRED = ["workflow_id", "task_id"] as const;

/** Optional columns and what their absence turns off. */
const OPTIONAL_COLUMNS: readonly [table: string, column: string, consequence: string][] = [
  ["tasks", "metadata", "the owning session of a task is unknown"],
  ["tasks", "started_at", "no task start times"],
  ["tasks", "completed_at", "no task finish times, so no task throughput"],
  ["tool_executions", "completed_at", "no tool execution finish times, so no throughput"],
  ["tool_executions", "duration_ms", "durations are computed from timestamps where possible"],
  ["sessions", "is_active", "whether a session was closed is unknown"],
];

/**
 * acolib's `tasks` table is recognised only with its own columns (title, task_type, config) and
 * with `tool_executions` or `sessions` beside it: a bare `tasks` table is too common a name.
 */
export function detectAcolib(catalog: CatalogSnapshot, options: DetectOptions): DetectResult {
  const found = findTable(catalog, "tasks", TASKS_REQUIRED, options);
  if ("reason" in found) return { found: false, reason: found.reason };
  const tasks = found.table;
  const tools = siblingTable(catalog, tasks, "tool_executions", TOOLS_REQUIRED);
  const sessions = siblingTable(catalog, tasks, "sessions", SESSIONS_REQUIRED);
  if (!tools && !sessions) {
    return {
      found: false,
      reason: `${qualifiedName(tasks)} has neither tool_executions (${TOOLS_REQUIRED.join(", ")}) nor sessions (${SESSIONS_REQUIRED.join(", ")}) beside it`,
    };
  }
  const workflowTasks = siblingTable(catalog, tasks, "workflow_tasks", WORKFLOW_TASKS_REQUIRED);
  const workflows = siblingTable(catalog, tasks, "workflows", ["id"]);

  const tables: Record<string, CatalogTable> = { tasks };
  if (tools) tables.tool_executions = tools;
  if (sessions) tables.sessions = sessions;
  if (workflowTasks) tables.workflow_tasks = workflowTasks;
  if (workflows) tables.workflows = workflows;

  const because = [describeMatch(tasks, present(tasks, TASKS_REQUIRED, TASKS_OPTIONAL), "status")];
  if (tools) {
    because.push(describeMatch(tools, present(tools, TOOLS_REQUIRED, TOOLS_OPTIONAL), "status"));
  }
  if (sessions) {
    because.push(describeMatch(sessions, present(sessions, SESSIONS_REQUIRED, SESSIONS_OPTIONAL)));
  }
  if (workflowTasks) because.push(describeMatch(workflowTasks, WORKFLOW_TASKS_REQUIRED));

  return {
    found: true,
    detection: {
      system: ACOLIB_SYSTEM,
      schema: tasks.schema,
      because,
      missing: missingParts(catalog, tasks, tables),
      tables,
    },
  };
}

function present(table: CatalogTable, required: readonly string[], optional: readonly string[]) {
  return [...required, ...optional.filter((column) => table.columns.has(column))];
}

function missingParts(
  catalog: CatalogSnapshot,
  tasks: CatalogTable,
  tables: Record<string, CatalogTable>,
): string[] {
  const missing: string[] = [];
  const absent = (name: string, required: readonly string[], consequence: string) => {
    if (tables[name]) return;
    const partial = siblingTable(catalog, tasks, name);
    const what = partial
      ? `${name} lacks ${missingColumns(partial, required).join(", ")}`
      : `${name} not found`;
    missing.push(`${what}: ${consequence}`);
  };
  absent("tool_executions", TOOLS_REQUIRED, "no task timeline and no tool executions source");
  absent("sessions", SESSIONS_REQUIRED, "no session or heartbeat facts for tasks");
  absent("workflow_tasks", WORKFLOW_TASKS_REQUIRED, "no workflow facts for tasks");
  if (tables.workflow_tasks) absent("workflows", ["id"], "workflows are shown by id only");
  for (const [name, column, consequence] of OPTIONAL_COLUMNS) {
    const table = tables[name];
    if (table && !table.columns.has(column)) missing.push(`${name}.${column}: ${consequence}`);
  }
  return missing;
}
