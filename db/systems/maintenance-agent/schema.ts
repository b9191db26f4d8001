import { integer, jsonb, numeric, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { pgTableIn } from "../pg-tables";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The agent's own tables (maintenance_agent_memory, maintenance_tasks_queue) and the columns it
 * reads from the main system's shared tables (systems, documents). The retry columns of
 * maintenance_agent_memory come with the pending migration 001: sources use them only when present.
 */
export function maintenanceAgentTables(schema: string) {
  const table = pgTableIn(schema);
  return {
    memory: table("maintenance_agent_memory", {
      id: uuid("id").primaryKey(),
      assetUid: uuid("asset_uid").notNull(),
      processingStatus: text("processing_status").notNull(),
      processingStage: text("processing_stage"),
      manualTasksCount: integer("manual_tasks_count"),
      realworldTasksCount: integer("realworld_tasks_count"),
      inferredTasksCount: integer("inferred_tasks_count"),
      totalTasksFound: integer("total_tasks_found"),
      createdAt: at("created_at").notNull(),
      updatedAt: at("updated_at"),
      // Migration 001 ("Add retry tracking"), pending in the seed.
      retryCount: integer("retry_count"),
      lastRetryAt: at("last_retry_at"),
      nextRetryAt: at("next_retry_at"),
      lastError: text("last_error"),
      tasksQueued: integer("tasks_queued"),
    }),
    review: table("maintenance_tasks_queue", {
      id: uuid("id").primaryKey(),
      assetUid: uuid("asset_uid").notNull(),
      description: text("description").notNull(),
      criticality: text("criticality"),
      confidence: numeric("confidence"),
      source: text("source"),
      sourceDetails: jsonb("source_details"),
      status: text("status").notNull(),
      taskType: text("task_type"),
      duplicateStatus: text("duplicate_status"),
      duplicateOf: uuid("duplicate_of"),
      similarityScore: numeric("similarity_score"),
      reviewedAt: at("reviewed_at"),
      reviewedBy: text("reviewed_by"),
      reviewNotes: text("review_notes"),
      createdAt: at("created_at").notNull(),
      // Set by the agent's own status updates (updateTaskStatus); absent in some installs.
      updatedAt: at("updated_at"),
    }),
    systems: table("systems", {
      assetUid: uuid("asset_uid").primaryKey(),
      description: text("description"),
      manufacturerNorm: text("manufacturer_norm"),
      modelNorm: text("model_norm"),
    }),
    documents: table("documents", {
      docId: text("doc_id").primaryKey(),
      manufacturer: text("manufacturer"),
      model: text("model"),
      storagePath: text("storage_path"),
    }),
  };
}

export type MaintenanceAgentTables = ReturnType<typeof maintenanceAgentTables>;
