import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { CatalogTable } from "../../catalog/snapshot";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, RelatedJob } from "../adapter";
import type { MarieTables } from "./schema";
import { tableAlias } from "./table-alias";

const RELATED_LIMIT = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Record<string, unknown>;

/**
 * Jobs this one waits for: job_dependencies rows, plus ids listed only in the job's
 * `dependencies` array (an upstream archived or deleted since leaves its edge row gone).
 */
export async function dependenciesOf(
  connection: TargetConnection,
  tables: MarieTables,
  detection: Detection,
  job: JobRecord,
  listed: unknown,
): Promise<RelatedJob[]> {
  const { job: table, jobDependencies: deps } = tables;
  const depsLive = detection.tables.dependencies;
  const related: RelatedJob[] = [];
  if (depsLive) {
    const upstream = tableAlias(table, "marie_upstream");
    const rows = await queryRows(
      connection,
      sql`select ${deps.dependsOnId}::text as recorded_id, ${upstream.column(table.id)}::text as job_id,
                 ${upstream.column(table.state)}::text as state
          from ${deps} left join ${upstream.from} on ${upstream.column(table.id)} = ${deps.dependsOnId}
            ${sameName(depsLive, deps.dependsOnName, upstream.column(table.name))}
          where ${deps.jobId} = ${job.id} ${sameName(depsLive, deps.jobName, job.queue)}
          order by 1 limit ${RELATED_LIMIT}`,
    );
    related.push(...rows.map((row) => relatedJob("depends on", row)));
  }
  const recorded = new Set(related.map((entry) => entry.recordedId.toLowerCase()));
  const extra = [...new Set(listedIds(listed))].filter((id) => !recorded.has(id));
  if (extra.length > 0) {
    const rows = await queryRows(
      connection,
      sql`select ${table.id}::text as job_id, ${table.state}::text as state from ${table}
          where ${table.id} in (${sql.join(
            extra.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    for (const id of extra) {
      const found = rows.find((row) => String(row.job_id) === id);
      related.push(relatedJob("depends on", { recorded_id: id, ...(found ?? { job_id: null }) }));
    }
  }
  return related;
}

/** Jobs waiting for this one. */
export async function dependentsOf(
  connection: TargetConnection,
  tables: MarieTables,
  detection: Detection,
  job: JobRecord,
): Promise<RelatedJob[]> {
  const depsLive = detection.tables.dependencies;
  if (!depsLive) return [];
  const { job: table, jobDependencies: deps } = tables;
  const downstream = tableAlias(table, "marie_downstream");
  const rows = await queryRows(
    connection,
    sql`select ${deps.jobId}::text as recorded_id, ${downstream.column(table.id)}::text as job_id,
               ${downstream.column(table.state)}::text as state
        from ${deps} left join ${downstream.from} on ${downstream.column(table.id)} = ${deps.jobId}
          ${sameName(depsLive, deps.jobName, downstream.column(table.name))}
        where ${deps.dependsOnId} = ${job.id} ${sameName(depsLive, deps.dependsOnName, job.queue)}
        order by 1 limit ${RELATED_LIMIT}`,
  );
  return rows.map((row) => relatedJob("dependent", row));
}

/** `and <name column> = <value>` when job_dependencies records queue names (partition pruning). */
function sameName(live: CatalogTable, nameColumn: AnyColumn, value: SQL | string): SQL {
  return live.columns.has(nameColumn.name) ? sql`and ${nameColumn} = ${value}` : sql``;
}

function relatedJob(relation: string, row: Row): RelatedJob {
  const jobId = row.job_id === null || row.job_id === undefined ? null : String(row.job_id);
  return {
    relation,
    jobId,
    recordedId: String(row.recorded_id),
    ...(row.state === null || row.state === undefined ? {} : { state: String(row.state) }),
    sourceId: "job",
  };
}

/** The uuids of a `dependencies` JSON array (other entries are ignored). */
function listedIds(value: unknown): string[] {
  const parsed = typeof value === "string" ? safeParse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((entry): entry is string => typeof entry === "string" && UUID.test(entry))
    .map((entry) => entry.toLowerCase());
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
