import { type SQL, sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { DEFAULT_THRESHOLDS, SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import type { CatalogTable } from "../../catalog/snapshot";
import { canonicalPredicate } from "../../jobs/canonical-sql";
import { dialectFor } from "../../jobs/dialect";
import type { JobSource } from "../../jobs/job-source";
import { and } from "../../jobs/queue-filter";
import { roleRules } from "../../stuck/role-rules";
import type { StuckRule, TableRule } from "../../stuck/stuck-rule";
import type { Detection } from "../adapter";
import { acolibTables } from "./schema";

const dialect = dialectFor("sqlite");
const age = (seconds: number) => formatDuration(seconds);
const { tasks, sessions, toolExecutions } = acolibTables;

/** A JSON text's key, or NULL when the text is not JSON (json_extract would fail on it). */
function jsonKey(column: unknown, key: string): SQL {
  return sql`(case when json_valid(${column}) then json_extract(${column}, ${`$.${key}`}) end)`;
}

/** The session a task's metadata names; NULL without metadata, JSON or a non-empty session_id. */
const SESSION_OF_TASK = sql`nullif(${jsonKey(tasks.metadata, "session_id")}, '')`;

/** Rules only acolib can check on tasks, beside (or replacing) the rules from their roles. */
export function taskStuckRules(source: JobSource, detection: Detection): StuckRule[] {
  const live = detection.tables.tasks;
  const sessionsLive = detection.tables.sessions;
  if (!live || !sessionsLive) return [];
  const rules: StuckRule[] = [];
  if (live.columns.has(tasks.metadata.name)) rules.push(heartbeatStale(source, live, sessionsLive));
  const waiting = waitingTooLong(source, live, sessionsLive);
  if (waiting) rules.push(waiting);
  return rules;
}

/**
 * heartbeat_stale: a running task whose owning session (metadata.session_id) has not heartbeated
 * within the threshold, was closed, or is gone from sessions. A task that names no session is
 * left to running_too_long: its owner is unknown, not dead.
 */
function heartbeatStale(
  source: JobSource,
  live: CatalogTable,
  sessionsLive: CatalogTable,
): TableRule {
  const ofSession = (column: SQL) =>
    sql`(select ${column} from ${sessions} where ${sessions.id} = ${SESSION_OF_TASK})`;
  const heartbeat = ofSession(sql`${sessions.lastHeartbeat}`);
  const closed = sessionsLive.columns.has(sessions.isActive.name)
    ? sql`${ofSession(sql`${sessions.isActive}`)} = 0`
    : sql`false`;
  const gone = sql`not exists ${ofSession(sql`1`)}`;
  const started = live.columns.has(tasks.startedAt.name) ? sql`${tasks.startedAt}, ` : sql``;
  return {
    code: "heartbeat_stale",
    where: (threshold) =>
      and(
        canonicalPredicate(source, "running"),
        sql`${SESSION_OF_TASK} is not null`,
        sql`(${gone} or ${closed} or ${dialect.olderThan(heartbeat, threshold)})`,
      ),
    // The last heartbeat; for a session that is gone, the task's start.
    since: sql`coalesce(${heartbeat}, ${started}${tasks.createdAt})`,
    details: {
      session: SESSION_OF_TASK,
      condition: sql`case when ${gone} then 'gone' when ${closed} then 'closed' else 'stale' end`,
    },
    explain: (seconds, threshold, details) => {
      const session = String(details.session);
      if (details.condition === "gone")
        return `running for ${age(seconds)}, but its session ${session} is not in sessions: nothing heartbeats for it`;
      if (details.condition === "closed")
        return `running, but its session ${session} was closed; its last heartbeat was ${age(seconds)} ago`;
      return `running, but its session ${session} last sent a heartbeat ${age(seconds)} ago; threshold ${age(threshold)}`;
    },
    suggestedAction: SUGGESTED_ACTIONS.heartbeat_stale,
  };
}

/** "Live" for the waiting rule's explanation: a heartbeat within the default heartbeat_stale bound. */
const LIVE_WITHIN = DEFAULT_THRESHOLDS.heartbeat_stale;

/**
 * waiting_too_long as the role rule has it (pending since created_at), with how many live
 * sessions serve the task's workspace (sessions.metadata.workspace), where sessions record one.
 */
function waitingTooLong(
  source: JobSource,
  live: CatalogTable,
  sessionsLive: CatalogTable,
): TableRule | undefined {
  const base = roleRules(source, dialect).find((rule) => rule.code === "waiting_too_long");
  if (
    !base ||
    base.kind === "custom" ||
    !live.columns.has(tasks.workspacePath.name) ||
    !sessionsLive.columns.has(sessions.metadata.name)
  ) {
    return undefined;
  }
  const workspace = jsonKey(sessions.metadata, "workspace");
  const open = sessionsLive.columns.has(sessions.isActive.name)
    ? sql`${sessions.isActive} = 1 and `
    : sql``;
  const window = age(LIVE_WITHIN);
  return {
    ...base,
    details: {
      ...base.details,
      workspace: sql`${tasks.workspacePath}`,
      serving: sql`(select count(*) from ${sessions}
                    where ${open}${dialect.within(sessions.lastHeartbeat, LIVE_WITHIN)}
                      and ${workspace} = ${tasks.workspacePath})`,
      recorded: sql`exists (select 1 from ${sessions} where ${workspace} is not null)`,
    },
    explain: (seconds, threshold, details) => {
      const sentence = base.explain(seconds, threshold, details);
      if (details.workspace === null || Number(details.recorded) !== 1) return sentence;
      const serving = Number(details.serving);
      const path = String(details.workspace);
      if (serving === 0)
        return `${sentence}; no session with a heartbeat in the last ${window} serves its workspace ${path}`;
      return `${sentence}; ${serving} ${serving === 1 ? "session" : "sessions"} with a heartbeat in the last ${window} ${serving === 1 ? "serves" : "serve"} its workspace ${path}`;
    },
  };
}

/**
 * running_too_long on tool executions, replacing the role rule: created_at is when a call started
 * (the role rule would say "this system records no start time"). Nothing is done to the call
 * itself, so no action is suggested; the sentence names its task.
 */
export function toolExecutionStuckRules(source: JobSource): StuckRule[] {
  return [
    {
      code: "running_too_long",
      where: (threshold) =>
        and(
          canonicalPredicate(source, "running"),
          dialect.olderThan(toolExecutions.createdAt, threshold),
        ),
      since: sql`${toolExecutions.createdAt}`,
      details: {
        task: sql`${toolExecutions.taskId}`,
        taskStatus: sql`(select ${tasks.status} from ${tasks} where ${tasks.id} = ${toolExecutions.taskId})`,
      },
      explain: (seconds, threshold, details) => {
        const task = details.taskStatus === null ? "not in tasks" : String(details.taskStatus);
        return `running for ${age(seconds)} (created_at is its start); threshold ${age(threshold)}; act on its task ${String(details.task)} (${task})`;
      },
      suggestedAction: null,
    },
  ];
}
