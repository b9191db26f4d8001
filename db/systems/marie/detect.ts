import {
  type CatalogSnapshot,
  type CatalogTable,
  missingColumns,
  qualifiedName,
  tablesNamed,
} from "../../catalog/snapshot";
import type { DetectOptions, DetectResult } from "../adapter";
import { describeMatch, siblingTable } from "../catalog-match";

/** The scheduler's default schema (the `{schema}` placeholder); any other name is fine. */
export const MARIE_DEFAULT_SCHEMA = "marie_scheduler";

export const JOB_REQUIRED = [
  "id",
  "name",
  "state",
  "start_after",
  "created_on",
  "retry_count",
  "retry_limit",
] as const;
export const DEPENDENCIES_REQUIRED = ["job_id", "depends_on_id"] as const;
const DAG_REQUIRED = ["id", "name"] as const;
export const HISTORY_REQUIRED = ["id", "history_created_on"] as const;

/** Optional job columns, and what their absence turns off. */
const OPTIONAL_JOB_COLUMNS: readonly (readonly [string[], string])[] = [
  [["started_on"], "no start times"],
  [["completed_on"], "no finish times, so no throughput"],
  [["lease_owner", "lease_expires_at"], "no acquisition lease on the job page"],
  [["run_owner", "run_lease_expires_at"], "no run lease on the job page"],
  [["data"], "no payload"],
  [["output"], "no result or error text"],
  [["dag_id", "job_level"], "no DAG position on the job page"],
];

const MATCHED_JOB_COLUMNS = [
  ...JOB_REQUIRED,
  "started_on",
  "completed_on",
  "data",
  "output",
  "dag_id",
  "job_level",
  "lease_owner",
  "lease_expires_at",
  "run_owner",
  "run_lease_expires_at",
];

/**
 * Marie's `job` (pg-boss-like columns, `job_state` enum or text) beside a `dag` or a
 * `job_dependencies (job_id, depends_on_id)` table: pg-boss alone has `job` and `queue` but
 * neither of those.
 */
export function detectMarie(catalog: CatalogSnapshot, options: DetectOptions): DetectResult {
  const candidates = tablesNamed(catalog, "job").filter(
    (table) => !options.schema || table.schema === options.schema,
  );
  if (candidates.length === 0) {
    return {
      found: false,
      reason: `no table named job${options.schema ? ` in schema ${options.schema}` : ""}`,
    };
  }
  const installs: CatalogTable[] = [];
  const reasons: string[] = [];
  for (const table of candidates) {
    const reason = disqualification(catalog, table);
    if (reason) reasons.push(reason);
    else installs.push(table);
  }
  const job = installs.find((table) => table.schema === MARIE_DEFAULT_SCHEMA) ?? installs[0];
  if (!job) return { found: false, reason: reasons.join("; ") };

  const dag = siblingTable(catalog, job, "dag", DAG_REQUIRED);
  const dependencies = siblingTable(catalog, job, "job_dependencies", DEPENDENCIES_REQUIRED);
  const history = siblingTable(catalog, job, "job_history", HISTORY_REQUIRED);
  const queue = siblingTable(catalog, job, "queue", ["name"]);

  const present = (table: CatalogTable, columns: readonly string[]) =>
    columns.filter((column) => table.columns.has(column));
  const because = [
    describeMatch(job, present(job, MATCHED_JOB_COLUMNS), "state") +
      (job.kind === "partitioned table" ? " (partitioned, one partition per queue)" : ""),
  ];
  if (dag) because.push(describeMatch(dag, present(dag, ["id", "name", "state"])));
  if (dependencies) {
    because.push(
      describeMatch(
        dependencies,
        present(dependencies, ["job_name", "job_id", "depends_on_name", "depends_on_id"]),
      ),
    );
  }
  if (history) {
    because.push(
      describeMatch(history, present(history, ["id", "state", "history_created_on"]), "state"),
    );
  }
  if (queue) because.push(describeMatch(queue, present(queue, ["name", "partition_name"])));

  const missing: string[] = [];
  for (const [columns, effect] of OPTIONAL_JOB_COLUMNS) {
    const absent = missingColumns(job, columns);
    if (absent.length > 0) {
      missing.push(`${absent.map((column) => `job.${column}`).join(", ")} not found: ${effect}`);
    }
  }
  if (!history) missing.push("job_history not found: no job timeline");
  if (!dependencies) {
    missing.push(
      "job_dependencies not found: no blocked state, no dependencies or dependents on the job page",
    );
  }
  if (!dag) missing.push("dag not found: no DAG name or state on the job page");
  for (const other of installs.filter((table) => table !== job)) {
    missing.push(
      `another install in schema ${other.schema} is not shown: set systems.marie.schema to inspect it`,
    );
  }

  return {
    found: true,
    detection: {
      system: "marie",
      schema: job.schema,
      because,
      missing,
      tables: {
        job,
        ...(dag ? { dag } : {}),
        ...(dependencies ? { dependencies } : {}),
        ...(history ? { history } : {}),
        ...(queue ? { queue } : {}),
      },
    },
  };
}

/** Why this `job` table is not Marie's, or undefined when it is. */
function disqualification(catalog: CatalogSnapshot, job: CatalogTable): string | undefined {
  const name = qualifiedName(job);
  const lacking = missingColumns(job, JOB_REQUIRED);
  if (lacking.length > 0) return `${name} lacks ${lacking.join(", ")}`;
  const state = job.columns.get("state");
  if (state && !isMarieStateType(state.type, state.enumValues !== undefined)) {
    return `${name}.state is ${state.type}, not the job_state enum or text`;
  }
  if (
    !siblingTable(catalog, job, "dag", DAG_REQUIRED) &&
    !siblingTable(catalog, job, "job_dependencies", DEPENDENCIES_REQUIRED)
  ) {
    return `${name} has no dag or job_dependencies (job_id, depends_on_id) table beside it`;
  }
  return undefined;
}

function isMarieStateType(type: string, isEnum: boolean): boolean {
  if (isEnum) return type.replaceAll('"', "").split(".").at(-1) === "job_state";
  return /^(text|character varying(\(\d+\))?)$/.test(type);
}
