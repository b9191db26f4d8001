import { type AnyColumn, sql } from "drizzle-orm";
import { decode, decodeDate } from "../../jobs/decode";
import { queryRows } from "../../jobs/dialect";
import type { JobRecord } from "../../jobs/get-job";
import type { TargetConnection } from "../../targets/connect";
import type { Detection, JobExplanation, JobFact, RelatedJob } from "../adapter";
import type { MaintenanceAgentTables } from "./schema";
import { REVIEW_SOURCE } from "./sources";

/** Where a review task came from, whether that still exists, what it duplicates, who decided. */
export async function explainReview(
  connection: TargetConnection,
  detection: Detection,
  tables: MaintenanceAgentTables,
  job: JobRecord,
): Promise<JobExplanation> {
  const { review } = tables;
  const fields = job.fields;
  const text = (column: AnyColumn) => {
    const value = decode(column, fields[column.name]);
    return value === null ? null : String(value);
  };
  const facts: JobFact[] = [await sourceFact(connection, detection, tables, job)];

  const confidence = text(review.confidence);
  if (confidence !== null) facts.push({ label: "Confidence", value: confidence });
  const criticality = text(review.criticality);
  if (criticality !== null) facts.push({ label: "Criticality", value: criticality });
  const duplicateStatus = text(review.duplicateStatus);
  if (duplicateStatus !== null) {
    const score = text(review.similarityScore);
    facts.push({
      label: "Duplicate check",
      value: score === null ? duplicateStatus : `${duplicateStatus} (similarity ${score})`,
      tone: duplicateStatus === "needs_review" ? "warning" : "neutral",
    });
  }
  if ("reviewed_at" in fields || "reviewed_by" in fields) facts.push(reviewedFact(tables, job));

  const related: RelatedJob[] = [];
  const duplicateOf = text(review.duplicateOf);
  if (duplicateOf !== null) related.push(await duplicateJob(connection, tables, duplicateOf));
  return { facts, related };
}

async function sourceFact(
  connection: TargetConnection,
  detection: Detection,
  { review, documents }: MaintenanceAgentTables,
  job: JobRecord,
): Promise<JobFact> {
  const details = decode(review.sourceDetails, job.fields.source_details);
  const source = decode(review.source, job.fields.source);
  const docId = isRecord(details) && typeof details.doc_id === "string" ? details.doc_id : null;
  if (docId === null) {
    const method = isRecord(details) && typeof details.method === "string" ? details.method : null;
    const from = [source, method && `(${method})`].filter((part) => part).join(" ");
    return { label: "Source", value: from || "not recorded" };
  }
  const label = "Source document";
  if (!detection.tables.documents) {
    return {
      label,
      value: `${docId} not checked (no shared documents table in ${detection.schema})`,
    };
  }
  const [row] = await queryRows(
    connection,
    sql`select ${documents.manufacturer} as manufacturer, ${documents.model} as model,
               ${documents.storagePath} as storage_path
        from ${documents} where ${documents.docId} = ${docId} limit 1`,
  );
  if (!row) {
    return {
      label,
      value: `document ${docId} no longer exists: the task cannot be checked against its manual`,
      tone: "danger",
    };
  }
  const name = [row.manufacturer, row.model].filter((part) => part).join(" ");
  const where = row.storage_path ? `, ${row.storage_path}` : "";
  return { label, value: `${name || "untitled"} (${docId}${where})` };
}

function reviewedFact({ review }: MaintenanceAgentTables, job: JobRecord): JobFact {
  const at = decodeDate(review.reviewedAt, job.fields.reviewed_at);
  const by = decode(review.reviewedBy, job.fields.reviewed_by);
  if (!at && !by) return { label: "Reviewed", value: "not yet" };
  return {
    label: "Reviewed",
    value: [by ? `by ${by}` : null, at ? `at ${at.toISOString()}` : null]
      .filter((part) => part)
      .join(" "),
  };
}

async function duplicateJob(
  connection: TargetConnection,
  { review }: MaintenanceAgentTables,
  recordedId: string,
): Promise<RelatedJob> {
  const [row] = await queryRows(
    connection,
    sql`select ${review.id} as id, ${review.status} as status
        from ${review} where ${review.id} = ${recordedId} limit 1`,
  );
  return {
    relation: "duplicate of",
    jobId: row ? String(row.id) : null,
    recordedId,
    sourceId: REVIEW_SOURCE,
    ...(row ? { state: String(row.status) } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
