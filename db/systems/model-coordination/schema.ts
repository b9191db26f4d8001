import { customType, integer, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { pgTableIn } from "../pg-tables";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A JSONB column read as compact JSON text, for `error_info`: the engine shows a job's error
 * as a string, and a parsed object would print as "[object Object]".
 */
const jsonText = customType<{ data: string; driverData: unknown }>({
  dataType: () => "jsonb",
  fromDriver: (value) => (typeof value === "string" ? value : JSON.stringify(value)),
});

/**
 * The generation app's job tables (its base schema plus migration 027). The 027 columns are
 * defined here but read only where the live table has them (`ifPresent`).
 */
export function modelCoordinationTables(schema: string) {
  const table = pgTableIn(schema);
  return {
    jobs: table("jobs", {
      jobId: uuid("job_id").primaryKey(),
      userId: uuid("user_id"),
      status: text("status").notNull(),
      prompt: text("prompt"),
      model: text("model"),
      imageUrl: text("image_url"),
      thumbnailUrl: text("thumbnail_url"),
      videoUrl: text("video_url"),
      errorMessage: text("error_message"),
      progress: integer("progress"),
      jobType: text("job_type").notNull(),
      createdAt: at("created_at"),
      startedAt: at("started_at"),
      completedAt: at("completed_at"),
      updatedAt: at("updated_at"),
      metadata: jsonb("metadata"),
      workflowMetadata: jsonb("workflow_metadata"),
      // migration 027
      requiredModels: jsonb("required_models"),
      queuePosition: integer("queue_position"),
      blockedByJobId: text("blocked_by_job_id"),
      conflictReason: text("conflict_reason"),
      queuedAt: at("queued_at"),
    }),
    workflowExecutions: table("workflow_executions", {
      id: uuid("id").primaryKey(),
      jobId: uuid("job_id"),
      workflowId: text("workflow_id"),
      userId: uuid("user_id"),
      currentStep: integer("current_step"),
      totalSteps: integer("total_steps"),
      status: text("status"),
      checkpoints: jsonb("checkpoints"),
      errorInfo: jsonText("error_info"),
      retryCount: integer("retry_count"),
      createdAt: at("created_at"),
      updatedAt: at("updated_at"),
      // migration 027
      requiredModels: jsonb("required_models"),
      currentStepModel: text("current_step_model"),
      blockedByJobId: text("blocked_by_job_id"),
    }),
    jobQueueState: table("job_queue_state", {
      id: integer("id").primaryKey(),
      activeJobId: text("active_job_id"),
      activeJobType: text("active_job_type"),
      activeModels: jsonb("active_models"),
      startedAt: at("started_at"),
      lastUpdated: at("last_updated"),
    }),
    jobQueueLog: table("job_queue_log", {
      id: uuid("id").primaryKey(),
      jobId: text("job_id").notNull(),
      jobType: text("job_type"),
      eventType: text("event_type"),
      models: jsonb("models"),
      blockedByJobId: text("blocked_by_job_id"),
      conflictReason: text("conflict_reason"),
      metadata: jsonb("metadata"),
      createdAt: at("created_at"),
    }),
  };
}

export type ModelCoordinationTables = ReturnType<typeof modelCoordinationTables>;
