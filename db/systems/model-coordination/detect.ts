import {
  type CatalogSnapshot,
  type CatalogTable,
  missingColumns,
  qualifiedName,
  tablesNamed,
} from "../../catalog/snapshot";
import type { DetectOptions, DetectResult } from "../adapter";
import { describeMatch, findTable, siblingTable } from "../catalog-match";

export const SYSTEM_ID = "model-coordination";

const JOBS_REQUIRED = ["job_id", "status", "job_type", "created_at"] as const;
const JOBS_SHOWN = ["model", "started_at", "completed_at", "error_message", "metadata"] as const;
/** The columns migration 027 adds to jobs. */
export const JOBS_027 = [
  "required_models",
  "queue_position",
  "blocked_by_job_id",
  "conflict_reason",
  "queued_at",
] as const;

export const EXECUTIONS_REQUIRED = [
  "id",
  "job_id",
  "workflow_id",
  "status",
  "current_step",
  "total_steps",
  "created_at",
] as const;
const EXECUTIONS_SHOWN = ["checkpoints", "error_info", "retry_count"] as const;
/** The columns migration 027 adds to workflow_executions. */
export const EXECUTIONS_027 = [
  "required_models",
  "current_step_model",
  "blocked_by_job_id",
] as const;

export const SLOT_REQUIRED = ["id", "active_job_id"] as const;
export const LOG_REQUIRED = ["job_id", "event_type", "created_at"] as const;

interface Parts {
  jobs: CatalogTable;
  executions?: CatalogTable;
  slot?: CatalogTable;
  log?: CatalogTable;
}

function partsOf(catalog: CatalogSnapshot, jobs: CatalogTable): Parts {
  return {
    jobs,
    executions: siblingTable(catalog, jobs, "workflow_executions", EXECUTIONS_REQUIRED),
    slot: siblingTable(catalog, jobs, "job_queue_state", SLOT_REQUIRED),
    log: siblingTable(catalog, jobs, "job_queue_log", LOG_REQUIRED),
  };
}

/**
 * `jobs` alone is too common a name: it counts as this system only beside the coordinator's
 * single slot, with the 027 blocker column, or (before 027) beside `workflow_executions`.
 */
function isSignature(parts: Parts): boolean {
  return (
    parts.slot !== undefined ||
    parts.jobs.columns.has("blocked_by_job_id") ||
    parts.executions !== undefined
  );
}

export function detectModelCoordination(
  catalog: CatalogSnapshot,
  options: DetectOptions,
): DetectResult {
  const found = findTable(catalog, "jobs", JOBS_REQUIRED, options);
  if ("reason" in found) return { found: false, reason: found.reason };
  const candidates = tablesNamed(catalog, "jobs").filter(
    (table) =>
      (!options.schema || table.schema === options.schema) &&
      missingColumns(table, JOBS_REQUIRED).length === 0,
  );
  const parts = candidates.map((jobs) => partsOf(catalog, jobs)).find(isSignature);
  if (!parts) {
    return {
      found: false,
      reason: `${qualifiedName(found.table)} has no coordination signature: no job_queue_state (active_job_id), no jobs.blocked_by_job_id, and no workflow_executions beside it`,
    };
  }
  const { jobs, executions, slot, log } = parts;
  const because = [
    describeMatch(
      jobs,
      [...JOBS_REQUIRED, ...JOBS_SHOWN, ...JOBS_027].filter((c) => jobs.columns.has(c)),
      "status",
    ),
  ];
  if (executions) {
    because.push(
      describeMatch(
        executions,
        [...EXECUTIONS_REQUIRED, ...EXECUTIONS_SHOWN, ...EXECUTIONS_027].filter((c) =>
          executions.columns.has(c),
        ),
        "status",
      ),
    );
  }
  if (slot) {
    because.push(
      `${describeMatch(
        slot,
        ["id", "active_job_id", "active_job_type", "started_at"].filter((c) => slot.columns.has(c)),
      )} (the coordinator's single slot)`,
    );
  }
  if (log) {
    because.push(
      `${describeMatch(
        log,
        [...LOG_REQUIRED, "blocked_by_job_id", "conflict_reason"].filter((c) => log.columns.has(c)),
      )} (coordinator events)`,
    );
  }
  return {
    found: true,
    detection: {
      system: SYSTEM_ID,
      schema: jobs.schema,
      because,
      missing: missingParts(catalog, parts),
      tables: {
        jobs,
        ...(executions ? { workflow_executions: executions } : {}),
        ...(slot ? { job_queue_state: slot } : {}),
        ...(log ? { job_queue_log: log } : {}),
      },
    },
  };
}

function missingParts(catalog: CatalogSnapshot, { jobs, executions, slot, log }: Parts): string[] {
  const missing: string[] = [];
  if (!jobs.columns.has("blocked_by_job_id")) {
    missing.push(
      "jobs.blocked_by_job_id (migration 027): pending jobs are never shown as blocked, and no blocker is named",
    );
  }
  const otherColumns = JOBS_027.filter((c) => c !== "blocked_by_job_id" && !jobs.columns.has(c));
  if (otherColumns.length > 0) {
    missing.push(`jobs.${otherColumns.join(", ")} (migration 027): the job page cannot show them`);
  }
  if (!jobs.columns.has("started_at")) missing.push("jobs.started_at: no start times");
  if (!jobs.columns.has("completed_at")) {
    missing.push("jobs.completed_at: no finish times, so no throughput");
  }
  if (executions) {
    const absent = EXECUTIONS_027.filter((c) => !executions.columns.has(c));
    if (absent.length > 0) {
      const blocker = absent.includes("blocked_by_job_id")
        ? "; executions are never shown as blocked"
        : "";
      missing.push(
        `workflow_executions.${absent.join(", ")} (migration 027): the execution page cannot show them${blocker}`,
      );
    }
  } else {
    missing.push(
      `${absence(catalog, jobs, "workflow_executions", EXECUTIONS_REQUIRED)}: no workflow execution source, no step detail for workflow jobs`,
    );
  }
  if (!slot) {
    missing.push(
      `${absence(catalog, jobs, "job_queue_state", SLOT_REQUIRED)} (migration 027): cannot say which job holds the coordinator slot`,
    );
  }
  if (!log) {
    missing.push(
      `${absence(catalog, jobs, "job_queue_log", LOG_REQUIRED)} (migration 027): no job timeline`,
    );
  }
  return missing;
}

/** "x not found", or "x lacks a, b" when a table of that name is there without what is needed. */
function absence(
  catalog: CatalogSnapshot,
  jobs: CatalogTable,
  name: string,
  required: readonly string[],
): string {
  const present = tablesNamed(catalog, name).find((table) => table.schema === jobs.schema);
  return present
    ? `${name} lacks ${missingColumns(present, required).join(", ")}`
    : `${name} not found`;
}
