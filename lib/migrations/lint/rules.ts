import type { LockMode, Severity } from "./finding";

export interface LintRule {
  code: string;
  severity: Severity;
  reason: string;
  saferPattern: string;
  lock: LockMode;
}

const rule = (
  code: string,
  severity: Severity,
  lock: LockMode,
  reason: string,
  saferPattern: string,
): LintRule => ({ code, severity, lock, reason, saferPattern });

/** Every lint rule, in the order the README lists them. */
export const LINT_RULES = {
  indexNotConcurrent: rule(
    "index-not-concurrent",
    "warning",
    "SHARE",
    "CREATE/DROP INDEX without CONCURRENTLY blocks writes to the table while it runs",
    "CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY, outside a transaction",
  ),
  concurrentInTransaction: rule(
    "concurrent-in-transaction",
    "error",
    "SHARE UPDATE EXCLUSIVE",
    "CONCURRENTLY cannot run inside a transaction block (the file has BEGIN)",
    "put the CONCURRENTLY statement in its own file without BEGIN/COMMIT",
  ),
  notNullWithoutDefault: rule(
    "not-null-without-default",
    "error",
    "ACCESS EXCLUSIVE",
    "ADD COLUMN … NOT NULL without a default fails on a non-empty table",
    "add the column nullable, backfill in batches, then add a CHECK NOT VALID, VALIDATE it and SET NOT NULL",
  ),
  volatileDefault: rule(
    "volatile-default",
    "warning",
    "ACCESS EXCLUSIVE",
    "a volatile default (now(), random(), gen_random_uuid(), clock_timestamp()…) rewrites the whole table",
    "add the column without a default, set the default afterwards, backfill in batches",
  ),
  setNotNull: rule(
    "set-not-null",
    "warning",
    "ACCESS EXCLUSIVE",
    "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) exists",
    "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; then SET NOT NULL",
  ),
  constraintNotValid: rule(
    "constraint-without-not-valid",
    "warning",
    "SHARE ROW EXCLUSIVE",
    "adding a FOREIGN KEY or CHECK validates every row while holding the lock",
    "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later statement (SHARE UPDATE EXCLUSIVE)",
  ),
  uniqueWithoutIndex: rule(
    "unique-without-index",
    "warning",
    "ACCESS EXCLUSIVE",
    "adding UNIQUE or PRIMARY KEY builds its index while holding ACCESS EXCLUSIVE",
    "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX",
  ),
  columnTypeChange: rule(
    "column-type-change",
    "warning",
    "ACCESS EXCLUSIVE",
    "ALTER COLUMN … TYPE rewrites the table (and its indexes) under ACCESS EXCLUSIVE for most type changes",
    "add a new column, backfill in batches, switch readers, then drop the old column",
  ),
  destructive: rule(
    "destructive",
    "warning",
    "ACCESS EXCLUSIVE",
    "destroys data (DROP TABLE / DROP COLUMN / TRUNCATE / DROP SCHEMA CASCADE); apply asks for a typed confirmation",
    "stop using the object first, keep a backup, and drop it in a later release",
  ),
  rename: rule(
    "rename",
    "warning",
    "ACCESS EXCLUSIVE",
    "renaming a table or column breaks code that still uses the old name",
    "add the new name (a column or a view), move readers and writers, then drop the old one",
  ),
  notIdempotent: rule(
    "not-idempotent",
    "error",
    "none",
    "the source requires idempotent migrations and this statement fails when run twice",
    "CREATE TABLE IF NOT EXISTS / ADD COLUMN IF NOT EXISTS, or a DO block that catches duplicate_column",
  ),
  protectedTable: rule(
    "protected-table",
    "error",
    "none",
    "touches a table the target marks protected: apply refused",
    "ask the table's owner to make the change",
  ),
  parseError: rule(
    "parse-error",
    "error",
    "none",
    "the file does not parse",
    "fix the syntax at the position shown",
  ),
} as const;

export type LintRuleName = keyof typeof LINT_RULES;
