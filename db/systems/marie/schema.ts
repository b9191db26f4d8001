import { bigint, integer, interval, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { pgTableIn } from "../pg-tables";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export interface MarieTableOptions {
  /** The live `job.created_on` is NOT NULL (as Marie declares it), so keyset paging can use it bare. */
  createdOnNotNull?: boolean;
}

/**
 * The Marie-AI scheduler tables Switchyard reads, in the schema the `{schema}` placeholder named
 * (default marie_scheduler). `state` is the `job_state` enum, read as text.
 */
export function marieTables(schema: string, options: MarieTableOptions = {}) {
  const table = pgTableIn(schema);
  const createdOn = at("created_on");
  return {
    /** Partitioned BY LIST (name): one partition per queue. Primary key (name, id). */
    job: table("job", {
      id: uuid("id").notNull(),
      name: text("name").notNull(),
      priority: integer("priority"),
      data: jsonb("data"),
      state: text("state").notNull(),
      retryLimit: integer("retry_limit"),
      retryCount: integer("retry_count"),
      startAfter: at("start_after"),
      startedOn: at("started_on"),
      expireIn: interval("expire_in"),
      createdOn: options.createdOnNotNull ? createdOn.notNull() : createdOn,
      completedOn: at("completed_on"),
      output: jsonb("output"),
      dependencies: jsonb("dependencies"),
      dagId: uuid("dag_id"),
      jobLevel: integer("job_level"),
      leaseOwner: text("lease_owner"),
      leaseExpiresAt: at("lease_expires_at"),
      leaseEpoch: bigint("lease_epoch", { mode: "number" }),
      runOwner: text("run_owner"),
      runLeaseExpiresAt: at("run_lease_expires_at"),
      /** Newer Marie: the executor attempt holding the run lease (absent from the fixture). */
      runAttemptId: uuid("run_attempt_id"),
    }),
    /** A full snapshot of the job row on every insert and update (written by a trigger). */
    jobHistory: table("job_history", {
      historyId: bigint("history_id", { mode: "number" }),
      id: uuid("id").notNull(),
      name: text("name"),
      state: text("state"),
      retryCount: integer("retry_count"),
      startedOn: at("started_on"),
      completedOn: at("completed_on"),
      output: jsonb("output"),
      historyCreatedOn: at("history_created_on"),
    }),
    /** Edges of a DAG: job (job_name, job_id) waits for (depends_on_name, depends_on_id). */
    jobDependencies: table("job_dependencies", {
      jobName: text("job_name"),
      jobId: uuid("job_id").notNull(),
      dependsOnName: text("depends_on_name"),
      dependsOnId: uuid("depends_on_id").notNull(),
    }),
    dag: table("dag", {
      id: uuid("id").notNull(),
      name: text("name"),
      state: text("state"),
    }),
  };
}

export type MarieTables = ReturnType<typeof marieTables>;
