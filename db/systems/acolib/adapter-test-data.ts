import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { InValue } from "@libsql/client";
import { closeConnection, connectSqlite, type SqliteConnection } from "../../targets/connect";
import { ACOLIB_MIGRATIONS_DIR } from "./fixture/index";
import { applySqlxMigrations, readSqlxMigrations } from "./fixture/sqlx-migrations";

/** A SQLite file in its own temporary directory, removed by dispose(). */
export interface TempSqlite {
  file: string;
  connection: SqliteConnection;
  rows(sql: string, args?: InValue[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

export async function tempSqlite(label: string): Promise<TempSqlite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `acolib-adapter-${label}-`));
  const file = path.join(dir, "acolib.db");
  const connection = connectSqlite(file, 5000);
  return {
    file,
    connection,
    rows: async (sql, args = []) =>
      (await connection.client.execute({ sql, args })).rows as unknown as Record<string, unknown>[],
    dispose: async () => {
      await closeConnection(connection);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function migrate(db: TempSqlite): Promise<void> {
  await applySqlxMigrations(db.connection, readSqlxMigrations(ACOLIB_MIGRATIONS_DIR));
}

/** Task ids with a story; the generated ones are `t-001` … `t-060`. */
export const TASK = {
  staleSession: "t-stale-session",
  freshSession: "t-fresh-session",
  closedSession: "t-closed-session",
  offsetHeartbeat: "t-offset-heartbeat",
  goneSession: "t-gone-session",
  pendingNoSession: "t-pending",
  badMetadata: "t-bad-metadata",
  doneOnStaleSession: "t-done-stale",
};

export const EXECUTION = {
  search: "x-search",
  shell: "x-shell",
  timedOut: "x-timeout",
  orphan: "x-orphan",
  outlivedTask: "x-outlived",
  noDuration: "x-no-duration",
};

/**
 * Small deterministic data for the migrated schema: 60 generated tasks cycling through every
 * status, task type and two workspaces; tasks whose sessions tell a story; tool executions,
 * one whose task is gone and one still running under a completed task.
 */
export const ADAPTER_DATA = `
INSERT INTO sessions (id, client_id, connection_type, is_active, last_heartbeat) VALUES
  ('s-fresh', 'aco-fresh', 'websocket', 1, datetime('now', '-30 seconds')),
  ('s-stale', 'aco-stale', 'websocket', 1, datetime('now', '-10 minutes')),
  ('s-closed', 'aco-closed', 'websocket', 0, datetime('now', '-2 hours')),
  ('s-offset', 'aco-offset', 'http', 1,
   strftime('%Y-%m-%dT%H:%M:%S', 'now', '-20 seconds', '+2 hours') || '+02:00');

INSERT INTO workflows (id, name, definition, status) VALUES
  ('wf-release', 'Release train', '{}', 'active'),
  ('wf-gone', 'Deleted later', '{}', 'archived');

WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 60)
INSERT INTO tasks (id, title, task_type, status, config, metadata, workspace_path,
                   created_at, started_at, completed_at, error)
SELECT printf('t-%03d', n), 'Generated task ' || n,
  CASE n % 3 WHEN 0 THEN 'workflow' WHEN 1 THEN 'tool' ELSE 'script' END,
  CASE n % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'running' WHEN 2 THEN 'completed'
             WHEN 3 THEN 'failed' ELSE 'cancelled' END,
  json_object('n', n, 'tool', 'shell_exec'),
  CASE WHEN n % 5 = 0 THEN json_object('source', 'api') ELSE json_object('session_id', 's-fresh') END,
  CASE n % 2 WHEN 0 THEN '/srv/ws/orca-core' ELSE '/srv/ws/billing-api' END,
  datetime('now', printf('-%d minutes', n)),
  CASE WHEN n % 5 <> 0 THEN datetime('now', printf('-%d minutes', n), '+5 seconds') END,
  CASE WHEN n % 5 IN (2, 3, 4) THEN datetime('now', printf('-%d minutes', n), '+30 seconds') END,
  CASE WHEN n % 5 = 3 THEN 'exit status ' || n END
FROM g;

INSERT INTO tasks (id, title, task_type, status, config, metadata, workspace_path,
                   created_at, started_at) VALUES
  ('t-stale-session', 'Fix bug #4821', 'workflow', 'running', '{"pattern":"react"}',
   '{"session_id":"s-stale","source":"web_ui"}', '/srv/ws/billing-api',
   datetime('now', '-90 minutes'), datetime('now', '-89 minutes')),
  ('t-fresh-session', 'Run tests', 'tool', 'running', '{}', '{"session_id":"s-fresh"}',
   '/srv/ws/orca-core', datetime('now', '-95 minutes'), datetime('now', '-95 minutes')),
  ('t-closed-session', 'Rotate certificates', 'script', 'running', '{}', '{"session_id":"s-closed"}',
   NULL, datetime('now', '-3 hours'), datetime('now', '-3 hours')),
  ('t-offset-heartbeat', 'Reindex', 'script', 'running', '{}', '{"session_id":"s-offset"}',
   '/srv/ws/orca-core', '2025-01-15T10:00:00+02:00', '2025-01-15T10:00:05+02:00'),
  ('t-gone-session', 'Export report', 'script', 'running', '{}', '{"session_id":"s-deleted"}',
   '/srv/ws/orca-core', datetime('now', '-4 hours'), datetime('now', '-4 hours')),
  ('t-pending', 'Port refunds', 'workflow', 'pending', '{}', '{"source":"api"}',
   '/srv/ws/legacy', datetime('now', '-5 hours'), NULL),
  ('t-bad-metadata', 'Sync owners', 'script', 'running', '{}', 'session=s-fresh',
   '/srv/ws/orca-core', datetime('now', '-6 hours'), datetime('now', '-6 hours'));

INSERT INTO tasks (id, title, task_type, status, config, metadata, created_at, started_at,
                   completed_at) VALUES
  ('t-done-stale', 'Finished before its client died', 'tool', 'completed', '{}',
   '{"session_id":"s-stale"}', datetime('now', '-7 hours'), datetime('now', '-7 hours'),
   datetime('now', '-7 hours', '+1 minutes'));

INSERT INTO workflow_tasks (workflow_id, task_id, sequence) VALUES
  ('wf-release', 't-stale-session', 2),
  ('wf-gone', 't-stale-session', 5);

INSERT INTO tool_executions (id, task_id, tool_name, arguments, output, status, error,
                             created_at, completed_at, duration_ms) VALUES
  ('x-search', 't-stale-session', 'code_search', '{"query":"fn next_invoice_number"}',
   '{"matches":3}', 'completed', NULL, datetime('now', '-88 minutes'), datetime('now', '-88 minutes'), 212),
  ('x-timeout', 't-stale-session', 'shell_exec', '{"command":"cargo test"}', NULL, 'timeout',
   'timed out after 30s', datetime('now', '-87 minutes'), datetime('now', '-86 minutes', '-30 seconds'), 30000),
  ('x-shell', 't-stale-session', 'shell_exec', '{"command":"cargo build"}', NULL, 'running', NULL,
   datetime('now', '-80 minutes'), NULL, NULL),
  ('x-orphan', 't-deleted', 'file_read', '{"path":"a.rs"}', '{"bytes":10}', 'completed', NULL,
   datetime('now', '-70 minutes'), datetime('now', '-70 minutes'), 5),
  ('x-outlived', 't-002', 'git_status', '{}', NULL, 'running', NULL,
   datetime('now', '-2 minutes', '+10 seconds'), NULL, NULL),
  ('x-no-duration', 't-002', 'git_diff', '{}', '{"files":1}', 'completed', NULL,
   datetime('now', '-2 minutes', '+1 seconds'), datetime('now', '-2 minutes', '+4 seconds'), NULL);

WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 25)
INSERT INTO tool_executions (id, task_id, tool_name, arguments, status, created_at, completed_at,
                             duration_ms)
SELECT printf('x-%03d', n), printf('t-%03d', n), CASE n % 2 WHEN 0 THEN 'file_read' ELSE 'shell_exec' END,
  '{}', CASE n % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'running' WHEN 2 THEN 'completed'
                   WHEN 3 THEN 'failed' ELSE 'timeout' END,
  datetime('now', printf('-%d minutes', n), '+10 seconds'),
  CASE WHEN n % 5 IN (2, 3, 4) THEN datetime('now', printf('-%d minutes', n), '+20 seconds') END,
  CASE WHEN n % 5 IN (2, 3, 4) THEN 10000 END
FROM g;
`;

/** Removes a workflow behind the link's back, as a deployment without foreign keys could. */
export const DELETE_WORKFLOW = `
PRAGMA foreign_keys = OFF;
DELETE FROM workflows WHERE id = 'wf-gone';
PRAGMA foreign_keys = ON;
`;

/**
 * A drifted deployment: no CHECK on either status (plain TEXT), extra columns, no metadata,
 * started_at, sessions or workflow tables, and tool_executions without completed_at/duration_ms.
 */
export const DRIFTED_SCHEMA = `
CREATE TABLE tasks (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  task_type TEXT NOT NULL,
  status TEXT NOT NULL,
  config TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  workspace_path TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now')),
  completed_at TEXT,
  error TEXT
);
CREATE TABLE tool_executions (
  id TEXT PRIMARY KEY NOT NULL,
  task_id TEXT NOT NULL,
  tool_name TEXT NOT NULL,
  arguments TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now')),
  attempt INTEGER
);
INSERT INTO tasks (id, title, task_type, status, config, workspace_path, created_at) VALUES
  ('d-1', 'Known', 'tool', 'running', '{}', '/w', datetime('now', '-3 minutes')),
  ('d-2', 'Paused by hand', 'tool', 'paused_by_operator', '{}', '/w', datetime('now', '-2 minutes')),
  ('d-3', 'Done', 'script', 'completed', '{}', NULL, datetime('now', '-1 minutes'));
INSERT INTO tool_executions (id, task_id, tool_name, arguments, status, created_at) VALUES
  ('dx-1', 'd-1', 'shell_exec', '{}', 'running', datetime('now', '-170 seconds')),
  ('dx-2', 'd-1', 'shell_exec', '{}', 'killed', datetime('now', '-160 seconds'));
`;
