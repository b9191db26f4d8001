import type { SystemThresholds } from "@/lib/config/stuck-schema";
import type { CatalogSnapshot, CatalogTable } from "../catalog/snapshot";
import type { JobRecord } from "../jobs/get-job";
import type { JobSource } from "../jobs/job-source";
import type { TargetConnection } from "../targets/connect";

/** Why a system was recognised on a target, and what of it is there. */
export interface Detection {
  system: string;
  /** The PostgreSQL schema the system lives in (`main` on SQLite). */
  schema: string;
  /** What matched, one line per table: "marie_scheduler.job: name, state (enum job_state), …". */
  because: string[];
  /** Optional parts that are absent, and what that turns off. */
  missing: string[];
  /** Catalog tables by their role in the system. */
  tables: Readonly<Record<string, CatalogTable>>;
}

export type DetectResult = { found: true; detection: Detection } | { found: false; reason: string };

export interface DetectOptions {
  /** Look only in this schema (from config); otherwise every schema is searched. */
  schema?: string;
}

/** Something only the job's own system can say about it. */
export interface JobFact {
  label: string;
  value: string;
  tone?: "neutral" | "warning" | "danger";
}

/** Another job this one waits for, or that waits for it. `jobId` is null when the row is gone. */
export interface RelatedJob {
  relation: string;
  jobId: string | null;
  /** The id as recorded, shown when the job no longer exists. */
  recordedId: string;
  /** The related job's raw state, as its system records it. */
  state?: string;
  sourceId?: string;
}

export interface JobExplanation {
  facts: JobFact[];
  related: RelatedJob[];
}

/** A queue system Switchyard knows: how to recognise it and which tables hold its jobs. */
export interface SystemAdapter {
  id: string;
  name: string;
  engine: TargetConnection["kind"];
  /** The system's own idea of when a job is stuck (seconds), for all its queues or some. */
  stuckThresholds?: SystemThresholds;
  detect(catalog: CatalogSnapshot, options: DetectOptions): DetectResult;
  sources(detection: Detection): JobSource[];
  /** What the system records about why a job is in its state (blockers, leases, dependencies). */
  explain?(
    connection: TargetConnection,
    detection: Detection,
    job: JobRecord,
  ): Promise<JobExplanation>;
}
