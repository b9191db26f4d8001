import { sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { decodeDate } from "../../jobs/decode";
import { dialectOf, queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact } from "../adapter";
import { ifPresent } from "../catalog-match";
import { formatUtc } from "./format";
import { acolibTables } from "./schema";

/**
 * A heartbeat older than this, on the session of a running task, is shown as stale (danger).
 * A placeholder until stuck-job thresholds are configurable; acolib's own
 * `orchestrator.session_stale_after_secs` setting lives in its configurations table.
 */
export const STALE_HEARTBEAT_SECONDS = 120;

/** The owning session (from metadata.session_id) with its heartbeat, and the task's workflows. */
export async function explainTask(
  connection: TargetConnection,
  detection: Detection,
  job: JobRecord,
): Promise<JobExplanation> {
  return {
    facts: [
      ...(await sessionFacts(connection, detection, job)),
      ...(await workflowFacts(connection, detection, job.id)),
    ],
    related: [],
  };
}

async function sessionFacts(
  connection: TargetConnection,
  detection: Detection,
  job: JobRecord,
): Promise<JobFact[]> {
  const running = job.state === "running";
  if (!detection.tables.tasks?.columns.has("metadata")) {
    return [{ label: "Session", value: "unknown: tasks has no metadata column" }];
  }
  const recorded = sessionIdOf(job.fields.metadata);
  if ("problem" in recorded) {
    return [
      {
        label: "Session",
        value: `none recorded (${recorded.problem})`,
        tone: running ? "warning" : "neutral",
      },
    ];
  }
  const live = detection.tables.sessions;
  if (!live) {
    return [{ label: "Session", value: `${recorded.id} (no sessions table: heartbeat unknown)` }];
  }

  const { sessions } = acolibTables;
  const dialect = dialectOf(connection);
  const clientId = ifPresent(live, sessions.clientId);
  const isActive = ifPresent(live, sessions.isActive);
  const [row] = await queryRows(
    connection,
    sql`select ${clientId ?? sql`null`} as client_id, ${isActive ?? sql`null`} as is_active,
               ${sessions.lastHeartbeat} as last_heartbeat,
               ${dialect.nowEpoch} - ${dialect.epoch(sessions.lastHeartbeat)} as age
        from ${sessions} where ${sessions.id} = ${recorded.id} limit 1`,
  );
  if (!row) {
    return [
      {
        label: "Session",
        value: `${recorded.id} (not in sessions)`,
        tone: running ? "danger" : "neutral",
      },
    ];
  }

  const facts: JobFact[] = [{ label: "Session", value: recorded.id }];
  if (row.client_id !== null) facts.push({ label: "Client", value: String(row.client_id) });
  if (row.is_active !== null) {
    const active = Number(row.is_active) === 1;
    facts.push({
      label: "Session active",
      value: active ? "yes" : "no: the connection was closed",
      tone: running && !active ? "danger" : "neutral",
    });
  }
  facts.push(heartbeatFact(row, running));
  return facts;
}

function heartbeatFact(row: Record<string, unknown>, running: boolean): JobFact {
  const at = decodeDate(acolibTables.sessions.lastHeartbeat, row.last_heartbeat);
  if (!at || row.age === null) {
    return { label: "Last heartbeat", value: `unreadable: ${String(row.last_heartbeat)}` };
  }
  const age = Number(row.age);
  const stale = age > STALE_HEARTBEAT_SECONDS;
  return {
    label: "Last heartbeat",
    value: `${formatUtc(at)} (${formatDuration(age)} ago${
      stale ? `; stale: none for over ${formatDuration(STALE_HEARTBEAT_SECONDS)}` : ""
    })`,
    tone: running && stale ? "danger" : "neutral",
  };
}

/** The session id a task's metadata names, or why there is none. */
export function sessionIdOf(metadata: unknown): { id: string } | { problem: string } {
  if (metadata === null || metadata === undefined) return { problem: "metadata is empty" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(metadata));
  } catch {
    return { problem: "metadata is not JSON" };
  }
  const id =
    parsed !== null && typeof parsed === "object"
      ? (parsed as Record<string, unknown>).session_id
      : undefined;
  if ((typeof id === "string" && id !== "") || typeof id === "number") return { id: String(id) };
  return { problem: "metadata has no session_id" };
}

async function workflowFacts(
  connection: TargetConnection,
  detection: Detection,
  taskId: string,
): Promise<JobFact[]> {
  const links = detection.tables.workflow_tasks;
  if (!links) return [];
  const { workflowTasks, workflows } = acolibTables;
  const named = detection.tables.workflows;
  const sequence = ifPresent(links, workflowTasks.sequence);
  const name = named ? ifPresent(named, workflows.name) : undefined;
  const status = named ? ifPresent(named, workflows.status) : undefined;
  const rows = await queryRows(
    connection,
    sql`select ${workflowTasks.workflowId} as workflow_id, ${sequence ?? sql`null`} as sequence,
               ${named ? workflows.id : sql`null`} as found,
               ${name ?? sql`null`} as name, ${status ?? sql`null`} as status
        from ${workflowTasks}
        ${named ? sql`left join ${workflows} on ${workflows.id} = ${workflowTasks.workflowId}` : sql``}
        where ${workflowTasks.taskId} = ${taskId}
        order by 2, 1`,
  );
  return rows.map((row): JobFact => {
    const id = String(row.workflow_id);
    const step = row.sequence === null ? "" : `, sequence ${Number(row.sequence)}`;
    if (named && row.found === null) {
      return { label: "Workflow", value: `${id} (not in workflows)${step}`, tone: "warning" };
    }
    const described = [row.status, `id ${id}`].filter((part) => part !== null).join(", ");
    return {
      label: "Workflow",
      value: `${row.name === null ? id : String(row.name)} (${described})${step}`,
    };
  });
}
