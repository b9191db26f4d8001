import "server-only";
import type postgres from "postgres";
import type { TargetConnection } from "@/db/targets/connect";
import type { LedgerKind, LedgerRow, MigrationFile } from "@/lib/migrations/model";

export interface QualifiedTable {
  /** null on SQLite (one namespace). */
  schema: string | null;
  name: string;
}

export interface LedgerContext {
  connection: TargetConnection;
  /** The home database, for Switchyard's own ledger. */
  home: postgres.Sql | null;
  targetId: string;
  sourceId: string;
  table: QualifiedTable;
}

/** One tool's tracking table: where it lives, how a row matches a file, and how to read it. */
export interface LedgerReader {
  kind: LedgerKind;
  defaultTable: { schema: string | null; name: string };
  /** The value of a file that equals the row's `key` when the row records that file. */
  keyOf(file: MigrationFile): string;
  /** One row, normalised. */
  toRow(raw: Record<string, unknown>): LedgerRow | null;
  /** Everything at or below the one recorded version counts as applied (golang-migrate). */
  highWaterMark?: boolean;
}

export function tableLabel(table: QualifiedTable): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** Reads a value that may be a Date, an ISO/SQLite timestamp string or epoch milliseconds. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  const date = new Date(
    /^\d{4}-\d{2}-\d{2} \d/.test(text) && !/[zZ+]/.test(text) ? `${text.replace(" ", "T")}Z` : text,
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Bytes (bytea Buffer, SQLite BLOB ArrayBuffer) as lowercase hex. */
export function toHex(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString("hex");
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return String(value);
}

export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === "t" || value === "true";
}

/** A row as plain JSON-friendly values (for the ledger-row panel and the API). */
export function plainRow(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      typeof value === "bigint"
        ? value.toString()
        : value instanceof ArrayBuffer || value instanceof Uint8Array
          ? toHex(value)
          : value instanceof Date
            ? value.toISOString()
            : value,
    ]),
  );
}
