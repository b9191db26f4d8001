import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sqliteTimestamp } from "../../jobs/sqlite-timestamp";

/**
 * The acolib orchestrator's tables as its sqlx migrations define them (fixture/migrations/).
 * Timestamps are TEXT in SQLite; `sqliteTimestamp` reads both datetime('now') and RFC 3339.
 */
export const acolibTables = {
  tasks: sqliteTable("tasks", {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description"),
    taskType: text("task_type").notNull(),
    status: text("status").notNull(),
    config: text("config").notNull(),
    metadata: text("metadata"),
    workspacePath: text("workspace_path"),
    createdAt: sqliteTimestamp("created_at").notNull(),
    updatedAt: sqliteTimestamp("updated_at").notNull(),
    startedAt: sqliteTimestamp("started_at"),
    completedAt: sqliteTimestamp("completed_at"),
    error: text("error"),
  }),

  /** One row per tool call of a task; `task_id` has no FOREIGN KEY, so the task may be gone. */
  toolExecutions: sqliteTable("tool_executions", {
    id: text("id").primaryKey(),
    taskId: text("task_id").notNull(),
    toolName: text("tool_name").notNull(),
    arguments: text("arguments").notNull(),
    output: text("output"),
    status: text("status").notNull(),
    error: text("error"),
    /** When the execution started; there is no separate started_at. */
    createdAt: sqliteTimestamp("created_at").notNull(),
    completedAt: sqliteTimestamp("completed_at"),
    durationMs: integer("duration_ms"),
  }),

  /** aco client connections; a running task names its session in tasks.metadata.session_id. */
  sessions: sqliteTable("sessions", {
    id: text("id").primaryKey(),
    clientId: text("client_id").notNull(),
    userId: text("user_id"),
    connectionType: text("connection_type").notNull(),
    /** 1 while the connection is open, 0 once closed. */
    isActive: integer("is_active").notNull(),
    metadata: text("metadata"),
    createdAt: sqliteTimestamp("created_at").notNull(),
    updatedAt: sqliteTimestamp("updated_at").notNull(),
    lastHeartbeat: sqliteTimestamp("last_heartbeat").notNull(),
  }),

  workflows: sqliteTable("workflows", {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    definition: text("definition").notNull(),
    status: text("status").notNull(),
    createdAt: sqliteTimestamp("created_at").notNull(),
    updatedAt: sqliteTimestamp("updated_at").notNull(),
  }),

  workflowTasks: sqliteTable("workflow_tasks", {
    workflowId: text("workflow_id").notNull(),
    taskId: text("task_id").notNull(),
    sequence: integer("sequence").notNull(),
    createdAt: sqliteTimestamp("created_at").notNull(),
  }),
};
