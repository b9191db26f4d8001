import { type AnyColumn, sql } from "drizzle-orm";
import { formatDuration } from "@/lib/format";
import { decode, decodeDate, decodeNumber } from "../../jobs/decode";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact } from "../adapter";
import type { MaintenanceAgentTables } from "./schema";

/** An in_progress row silent this long has most likely lost its agent (runs write every few seconds). */
export const SILENT_AFTER_SECONDS = 15 * 60;

/** The equipment system a processing row is about, how long it has been silent, and what it found. */
export async function explainMemory(
  connection: TargetConnection,
  detection: Detection,
  tables: MaintenanceAgentTables,
  job: JobRecord,
): Promise<JobExplanation> {
  const { memory } = tables;
  const fields = job.fields;
  const assetUid = decode(memory.assetUid, fields.asset_uid);
  const facts: JobFact[] = [];

  if (typeof assetUid === "string") {
    facts.push(await equipmentFact(connection, detection, tables, assetUid));
  }

  const stage = decode(memory.processingStage, fields.processing_stage);
  if (typeof stage === "string") {
    facts.push({
      label: "Processing stage",
      value: stage,
      tone: stage === "error" ? "danger" : "neutral",
    });
  }

  if ("updated_at" in fields) facts.push(await silenceFact(connection, tables, job));
  facts.push(...retryFacts(tables, job));

  const found = countsFact(tables, fields);
  if (found) facts.push(found);
  if (detection.tables.review && typeof assetUid === "string") {
    facts.push(await reviewQueueFact(connection, tables, assetUid));
  }
  return { facts, related: [] };
}

async function equipmentFact(
  connection: TargetConnection,
  detection: Detection,
  { systems }: MaintenanceAgentTables,
  assetUid: string,
): Promise<JobFact> {
  const label = "Equipment system";
  if (!detection.tables.systems) {
    return { label, value: `asset ${assetUid} (no shared systems table in ${detection.schema})` };
  }
  const [row] = await queryRows(
    connection,
    sql`select ${systems.description} as description, ${systems.manufacturerNorm} as manufacturer,
               ${systems.modelNorm} as model
        from ${systems} where ${systems.assetUid} = ${assetUid} limit 1`,
  );
  if (!row) {
    return {
      label,
      value: `asset ${assetUid} no longer exists in systems: there is nothing left to process`,
      tone: "danger",
    };
  }
  const name = [row.manufacturer, row.model].filter((part) => part).join(" ");
  const value = [name, row.description].filter((part) => part).join(": ");
  return { label, value: value || `asset ${assetUid}` };
}

async function silenceFact(
  connection: TargetConnection,
  { memory }: MaintenanceAgentTables,
  job: JobRecord,
): Promise<JobFact> {
  const label = "Last write (updated_at)";
  const [row] = await queryRows(
    connection,
    sql`select extract(epoch from now() - ${memory.updatedAt})::float8 as seconds
        from ${memory} where ${memory.id} = ${job.id}`,
  );
  if (row?.seconds === null || row?.seconds === undefined) return { label, value: "never" };
  const seconds = Number(row.seconds);
  const ago = `${formatDuration(seconds)} ago`;
  if (job.rawState === "in_progress" && seconds > SILENT_AFTER_SECONDS) {
    return {
      label,
      value: `${ago}: in_progress with no write since; the agent that ran it has probably died`,
      tone: "warning",
    };
  }
  return { label, value: ago };
}

function retryFacts({ memory }: MaintenanceAgentTables, job: JobRecord): JobFact[] {
  const fields = job.fields;
  const facts: JobFact[] = [];
  if ("retry_count" in fields) {
    const retries = decodeNumber(memory.retryCount, fields.retry_count) ?? 0;
    const last = decodeDate(memory.lastRetryAt, fields.last_retry_at);
    facts.push({
      label: "Retries",
      value: last ? `${retries} (last ${last.toISOString()})` : String(retries),
    });
  }
  if ("next_retry_at" in fields) {
    const next = decodeDate(memory.nextRetryAt, fields.next_retry_at);
    if (next) facts.push({ label: "Next retry", value: next.toISOString() });
    else if (job.rawState === "failed") {
      facts.push({
        label: "Next retry",
        value: "none scheduled: the failure is final",
        tone: "warning",
      });
    }
  }
  return facts;
}

function countsFact(
  { memory }: MaintenanceAgentTables,
  fields: Record<string, unknown>,
): JobFact | null {
  const count = (column: AnyColumn) =>
    column.name in fields ? decodeNumber(column, fields[column.name]) : null;
  const total = count(memory.totalTasksFound);
  const parts = (
    [
      ["manual", memory.manualTasksCount],
      ["real-world", memory.realworldTasksCount],
      ["inferred", memory.inferredTasksCount],
      ["queued for review", memory.tasksQueued],
    ] as const
  ).flatMap(([what, column]) => {
    const n = count(column);
    return n === null ? [] : [`${what} ${n}`];
  });
  if (total === null && parts.length === 0) return null;
  const value = total === null ? parts.join(", ") : `${total} (${parts.join(", ")})`;
  return { label: "Tasks found", value };
}

async function reviewQueueFact(
  connection: TargetConnection,
  { review }: MaintenanceAgentTables,
  assetUid: string,
): Promise<JobFact> {
  const rows = await queryRows(
    connection,
    sql`select ${review.status} as status, count(*)::int as n
        from ${review} where ${review.assetUid} = ${assetUid} group by 1 order by 1`,
  );
  const value = rows.map((row) => `${row.n} ${row.status}`).join(", ");
  return { label: "Review queue tasks for this system", value: value || "none" };
}
