export type Severity = "error" | "warning" | "info";

export type LockMode =
  | "ACCESS EXCLUSIVE"
  | "SHARE"
  | "SHARE ROW EXCLUSIVE"
  | "SHARE UPDATE EXCLUSIVE"
  | "ROW EXCLUSIVE"
  | "none";

export interface TableSize {
  rows: number;
  bytes: number;
}

/** Looks up a table's size by schema (null: unqualified in the SQL) and name; undefined when unknown. */
export type TableSizes = (schema: string | null, table: string) => TableSize | undefined;

export interface LintFinding {
  code: string;
  severity: Severity;
  reason: string;
  saferPattern: string;
  /** 1-based line and column of the statement (or of the parse error) in the file. */
  line: number;
  column: number;
  /** The statement's first line, shortened. */
  excerpt: string;
  lock: LockMode;
  table: { schema: string | null; name: string } | null;
  size?: TableSize;
  /** Apply must ask the operator to type a confirmation (destructive statements). */
  needsTypedConfirmation?: boolean;
}

export interface LintOptions {
  dialect?: "postgresql" | "sqlite";
  /** The migration source requires every statement to be idempotent. */
  idempotent?: boolean;
  protectedTables?: { table: string; owner: string; explanation?: string }[];
  sizes?: TableSizes;
}

export interface LintResult {
  findings: LintFinding[];
  /** Honest notes about what was not checked ("parsed as SQLite: fewer checks"). */
  notes: string[];
}
