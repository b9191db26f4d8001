import type { SystemAdapter } from "../adapter";
import { ACOLIB_SYSTEM, detectAcolib } from "./detect";
import { explainTask } from "./explain-task";
import { explainToolExecution } from "./explain-tool-execution";
import { acolibSources, TASKS_SOURCE, TOOL_EXECUTIONS_SOURCE } from "./sources";

/**
 * The acolib orchestrator (SQLite, sqlx migrations): `tasks` run by aco clients over WebSocket
 * sessions, each task's tool calls logged in `tool_executions`.
 */
export const acolibAdapter: SystemAdapter = {
  id: ACOLIB_SYSTEM,
  name: "acolib orchestrator",
  engine: "sqlite",

  detect: detectAcolib,
  sources: acolibSources,

  async explain(connection, detection, job) {
    if (job.sourceId === TASKS_SOURCE) return explainTask(connection, detection, job);
    if (job.sourceId === TOOL_EXECUTIONS_SOURCE) return explainToolExecution(connection, job);
    return { facts: [], related: [] };
  },
};
