import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { ReviewFile, ReviewLint } from "@/lib/migrations/review/review-model";
import type { DryRunResult, FileRun } from "@/lib/migrations/run-model";

/** Switchyard's own tables live in this schema of the home database, never in a target's tables. */
export const switchyard = pgSchema("switchyard");

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** The last health observation of each target, so an unreachable one can say when it was last seen. */
export const targetStatus = switchyard.table("target_status", {
  targetId: text("target_id").primaryKey(),
  reachable: boolean("reachable").notNull(),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  latencyMs: integer("latency_ms"),
  serverVersion: text("server_version"),
  lastError: text("last_error"),
});

/** viewer ⊂ operator ⊂ admin: each role can do everything the one before it can. */
export const operatorRole = switchyard.enum("operator_role", ["viewer", "operator", "admin"]);

export const operators = switchyard.table(
  "operators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Sign-in name, lowercase. */
    name: text("name").notNull().unique(),
    /** argon2id; null for operators who only sign in through the SSO proxy. */
    passwordHash: text("password_hash"),
    role: operatorRole("role").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("operators_name_lowercase", sql`${table.name} = lower(${table.name})`)],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = switchyard.table(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Absolute expiry, however active the session is. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_operator").on(table.operatorId)],
);

/** API tokens for scripts. Shown once at creation; only the SHA-256 is stored. */
export const apiTokens = switchyard.table("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  tokenHash: text("token_hash").notNull().unique(),
  /** The first characters of the token, so an operator can tell tokens apart. */
  prefix: text("prefix").notNull(),
  role: operatorRole("role").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
});

/**
 * Who did what, when, from where, and with what outcome. Append-only: a trigger (migration
 * 0002) rejects UPDATE, DELETE and TRUNCATE, and no code path issues them.
 */
export const auditEvents = switchyard.table(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** operator, token, proxy (SSO), cli, or anonymous (failed sign-ins). */
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    target: text("target"),
    system: text("system"),
    action: text("action").notNull(),
    /** The ids, or the filter, the action applied to. */
    objects: jsonb("objects"),
    reason: text("reason"),
    /** ok, refused or failed. */
    outcome: text("outcome").notNull(),
    changed: integer("changed"),
    skipped: integer("skipped"),
    failed: integer("failed"),
    errorCode: text("error_code"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (table) => [
    index("audit_events_at").on(table.at.desc(), table.id.desc()),
    index("audit_events_action_at").on(table.action, table.at),
    index("audit_events_actor_at").on(table.actorName, table.at),
    index("audit_events_ip_at").on(table.ip, table.at),
  ],
);

/**
 * A bulk action over many jobs, run in the background in batches. Every app instance's worker
 * claims batches of it (bulk_operation_batches), so several instances share one operation and a
 * dead instance's batch is taken back when its lease lapses.
 */
export const bulkOperations = switchyard.table(
  "bulk_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    target: text("target").notNull(),
    system: text("system").notNull(),
    source: text("source").notNull(),
    queue: text("queue").notNull(),
    action: text("action").notNull(),
    /** How the operator chose the jobs: a filter, a selection of ids, a stuck rule. */
    scope: jsonb("scope").notNull(),
    total: integer("total").notNull(),
    /** pending, running, paused (the target is unreachable), cancelling, cancelled, done. */
    status: text("status").notNull().default("pending"),
    changed: integer("changed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    createdBy: text("created_by").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Why the operation is paused or waiting to try again (a target that went away). */
    lastError: text("last_error"),
    /** Since when it is paused; null while it runs. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    /** Jobs per batch and the pause after each, fixed when the operation starts. */
    batchSize: integer("batch_size").notNull().default(500),
    pauseMs: integer("pause_ms").notNull().default(0),
    /** How many batches have been claimed: the next claim takes number next_batch + 1. */
    nextBatch: integer("next_batch").notNull().default(0),
  },
  (table) => [index("bulk_operations_status").on(table.status, table.createdAt)],
);

/** Each job of a bulk operation, as the operator's preview saw it, and what became of it. */
export const bulkOperationItems = switchyard.table(
  "bulk_operation_items",
  {
    operationId: uuid("operation_id")
      .notNull()
      .references(() => bulkOperations.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    seenState: text("seen_state"),
    seenVersion: text("seen_version"),
    batch: integer("batch"),
    /** null until processed; changed, skipped (it changed meanwhile) or failed. */
    outcome: text("outcome"),
    detail: text("detail"),
  },
  (table) => [
    primaryKey({ columns: [table.operationId, table.jobId] }),
    index("bulk_operation_items_pending").on(table.operationId, table.outcome, table.jobId),
  ],
);

/**
 * One batch of a bulk operation, claimed by one worker under a lease it renews while it works.
 * Marked prepared, with the target transaction's id, before the target commits, so that after a
 * crash txid_status() on the target says whether it happened.
 */
export const bulkOperationBatches = switchyard.table(
  "bulk_operation_batches",
  {
    operationId: uuid("operation_id")
      .notNull()
      .references(() => bulkOperations.id, { onDelete: "cascade" }),
    batch: integer("batch").notNull(),
    targetTxid: text("target_txid"),
    /** claimed, prepared, committed, failed, or aborted (its jobs went back to be claimed again). */
    status: text("status").notNull(),
    changed: integer("changed").notNull(),
    skipped: integer("skipped").notNull(),
    preparedAt: timestamp("prepared_at", { withTimezone: true }).notNull().defaultNow(),
    processedBy: text("processed_by").notNull(),
    /** While claimed or prepared: when another worker may take the batch back. */
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.operationId, table.batch] }),
    index("bulk_operation_batches_in_flight")
      .on(table.leaseExpiresAt)
      .where(sql`${table.status} in ('claimed', 'prepared')`),
  ],
);

/** Stuck thresholds set on the settings page ('' = every system, every queue). */
export const stuckThresholds = switchyard.table(
  "stuck_thresholds",
  {
    target: text("target").notNull(),
    system: text("system").notNull().default(""),
    queue: text("queue").notNull().default(""),
    code: text("code").notNull(),
    seconds: integer("seconds").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.target, table.system, table.queue, table.code] })],
);

/**
 * Switchyard's own migration ledger, for systems that keep none (they apply files by hand):
 * one row per migration of a configured source that was recorded as applied. `checksum` is the
 * SHA-256 (hex) of the migration file as stored, before `{schema}` substitution.
 */
export const migrationLedger = switchyard.table(
  "migration_ledger",
  {
    targetId: text("target_id").notNull(),
    sourceId: text("source_id").notNull(),
    migrationId: text("migration_id").notNull(),
    name: text("name").notNull(),
    checksum: text("checksum").notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
    appliedBy: text("applied_by").notNull(),
    executionMs: integer("execution_ms"),
    success: boolean("success").notNull().default(true),
    /** How the row came to be: applied from Switchyard, or adopted (recorded after the fact). */
    method: text("method").notNull().default("applied"),
    note: text("note"),
  },
  (table) => [primaryKey({ columns: [table.targetId, table.sourceId, table.migrationId] })],
);

/**
 * A review of pending migrations (or of a rollback): what was reviewed, exactly (files and their
 * hashes), the lint and dry run attached to it, who decided, and what applying it did.
 */
export const migrationReviews = switchyard.table(
  "migration_reviews",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    targetId: text("target_id").notNull(),
    sourceId: text("source_id").notNull(),
    /** apply or rollback. */
    direction: text("direction").notNull(),
    /** requested, checked, approved, rejected, applying, applied, failed, cancelled. */
    state: text("state").notNull().default("requested"),
    files: jsonb("files").$type<ReviewFile[]>().notNull(),
    contentHash: text("content_hash").notNull(),
    note: text("note"),
    requestedById: text("requested_by_id").notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    lint: jsonb("lint").$type<ReviewLint[]>(),
    dryRun: jsonb("dry_run").$type<DryRunResult>(),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    decidedById: text("decided_by_id"),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionComment: text("decision_comment"),
    overriddenFindings: jsonb("overridden_findings").$type<string[]>().notNull().default([]),
    appliedById: text("applied_by_id"),
    appliedBy: text("applied_by"),
    applyStartedAt: timestamp("apply_started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    progress: jsonb("progress").$type<FileRun[]>().notNull().default([]),
    /** The target transaction id of each file as it committed, to settle an interrupted apply. */
    commits: jsonb("commits").$type<Record<string, string>>().notNull().default({}),
    error: text("error"),
  },
  (table) => [
    index("migration_reviews_target").on(table.targetId, table.sourceId, table.requestedAt),
    index("migration_reviews_state").on(table.state),
  ],
);

/**
 * Values every app instance must agree on, created on first use (e.g. `server_secret`, the key
 * cursors and read-only passes are signed with). Never shown in the console.
 */
export const settings = switchyard.table("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
