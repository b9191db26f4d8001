import type { JobSource } from "../../jobs/job-source";
import type { SystemAdapter } from "../adapter";
import { detectMaintenanceAgent } from "./detect";
import { explainMemory, SILENT_AFTER_SECONDS } from "./explain-memory";
import { explainReview } from "./explain-review";
import { maintenanceAgentTables } from "./schema";
import { MEMORY_SOURCE, memorySource, REVIEW_QUEUE, REVIEW_SOURCE, reviewSource } from "./sources";

/**
 * The maintenance agent: per equipment system it extracts maintenance tasks from manuals
 * (maintenance_agent_memory) into a human review queue (maintenance_tasks_queue), reading the
 * main system's shared systems and documents tables.
 */
export const maintenanceAgentAdapter: SystemAdapter = {
  id: "maintenance-agent",
  name: "Maintenance agent",
  engine: "postgres",
  stuckThresholds: {
    // The agent looks for systems to process every AGENT_RUN_INTERVAL_MINUTES (60 by default, in
    // its src/config/env.js): a pending system may wait up to an hour without anything being wrong.
    waiting_too_long: 60 * 60,
    // The agent writes updated_at when a run starts and when it ends, not in between, so a live run
    // is silent for its whole length; the explanation and the retry action use the same bound.
    heartbeat_stale: SILENT_AFTER_SECONDS,
    queues: {
      // People work the review queue, not the hourly agent: tasks wait for days as a matter of
      // course, so only a week untouched is worth a look.
      [REVIEW_QUEUE]: { waiting_too_long: 7 * 24 * 60 * 60 },
    },
  },

  detect: detectMaintenanceAgent,

  sources(detection) {
    const tables = maintenanceAgentTables(detection.schema);
    const { memory, review } = detection.tables;
    const sources: JobSource[] = [];
    if (memory) sources.push(memorySource(memory, tables));
    if (review) sources.push(reviewSource(review, tables));
    return sources;
  },

  async explain(connection, detection, job) {
    const tables = maintenanceAgentTables(detection.schema);
    if (job.sourceId === MEMORY_SOURCE) return explainMemory(connection, detection, tables, job);
    if (job.sourceId === REVIEW_SOURCE) return explainReview(connection, detection, tables, job);
    return { facts: [], related: [] };
  },
};
