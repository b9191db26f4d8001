import "server-only";
import { type CursorCodec, cursorScope } from "@/lib/cursor";
import { InputError } from "@/lib/input-error";
import { parseFilters } from "@/lib/tables/filter";
import {
  MASK,
  type MaskReason,
  maskCredentials,
  secretColumnMatcher,
  unsearchableColumns,
  wholeCellMask,
} from "@/lib/tables/masking";
import { sortableColumns } from "@/lib/tables/paging-key";
import { decodeRowCursor, decodeRowKey, encodeRowCursor } from "@/lib/tables/row-cursor";
import type { OpenTable } from "./open-table";
import { type RawRow, readRow, readRows } from "./read-rows";

export interface Cell {
  /** The value as text (SQLite numbers stay numbers); null when NULL or masked whole. */
  value: string | number | null;
  truncated: boolean;
  /** Why the value (or part of it) is hidden; a masked value never leaves the server. */
  masked: MaskReason | null;
}

export interface GridRow {
  key: string;
  cells: Record<string, Cell>;
}

export interface RowsPage {
  rows: GridRow[];
  nextCursor: string | null;
  prevCursor: string | null;
  warnings: string[];
}

export interface BrowseParams {
  filter: string[];
  sort?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Above this many rows, sorting by a column no index leads with is a warned-about scan. */
const SORT_SCAN_ROWS = 10_000;

/**
 * Rows of an open table, filtered, sorted and keyset-paged as the URL says, masked. Cursors are
 * signed for this table and sort; any other is refused with InvalidCursorError.
 */
export async function browseRows(
  table: OpenTable,
  params: BrowseParams,
  cursors: CursorCodec,
): Promise<RowsPage> {
  const columns = table.detail.columns.map((column) => column.name);
  const filters = parseFilters(params.filter, columns);
  const hidden = unsearchableColumns(table.policy);
  for (const filter of filters) {
    if (hidden.has(filter.column)) {
      throw new InputError("filter", `${filter.column} holds secrets and cannot be filtered on`);
    }
    if (filter.op === "has" && secretColumnMatcher(table.target.secretColumns)(filter.key)) {
      throw new InputError(
        "filter",
        `"${filter.key}" looks like a secret key and cannot be filtered on`,
      );
    }
  }
  const warnings: string[] = [];
  let sort: { column: string; desc: boolean } | null = null;
  if (params.sort) {
    const desc = params.sort.startsWith("-");
    const column = desc ? params.sort.slice(1) : params.sort;
    if (!columns.includes(column)) throw new InputError("sort", `no column "${column}" to sort by`);
    if (hidden.has(column))
      throw new InputError("sort", `${column} holds secrets and cannot be sorted`);
    sort = { column, desc };
    const indexed = sortableColumns(table.detail.indexes, table.key).has(column);
    if (!indexed && (table.detail.rowsEstimate ?? 0) > SORT_SCAN_ROWS) {
      warnings.push(
        `No index leads with ${column}: sorting reads the whole table and may hit the ${table.target.statementTimeoutMs / 1000} s time limit.`,
      );
    }
  }
  const scope = cursorScope.rows(
    table.target.id,
    `${table.detail.schema}.${table.detail.name}`,
    params.sort,
  );
  const cursor = params.cursor ? decodeRowCursor(cursors, scope, params.cursor) : null;
  const limit = params.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError("limit", `expected 1–${MAX_LIMIT}`);
  }
  const page = await readRows(table.connection, table.detail, table.key, {
    filters,
    sort,
    cursor,
    limit,
  });
  return {
    rows: page.rows.map((row) => maskRow(table, row)),
    nextCursor: page.next ? encodeRowCursor(cursors, scope, page.next) : null,
    prevCursor: page.prev ? encodeRowCursor(cursors, scope, page.prev) : null,
    warnings,
  };
}

/** One whole row by its URL key, masked; null when it no longer exists. */
export async function readOneRow(table: OpenTable, keyText: string): Promise<GridRow | null> {
  const raw = await readRawRow(table, keyText);
  return raw ? maskRow(table, raw) : null;
}

/** Unmasked: only for the audited reveal action. */
export async function readRawRow(table: OpenTable, keyText: string): Promise<RawRow | null> {
  const values = decodeRowKey(keyText);
  if (!values) throw new InputError("key", "the row key is not one this app produced");
  return readRow(table.connection, table.detail, table.key, values);
}

export function maskRow(table: OpenTable, row: RawRow): GridRow {
  const isSecretKey = secretColumnMatcher(table.target.secretColumns);
  const cells: Record<string, Cell> = {};
  for (const [column, value] of Object.entries(row.values)) {
    const whole = wholeCellMask(table.policy, row.values, column);
    if (whole) {
      cells[column] = { value: value === null ? null : MASK, truncated: false, masked: whole };
      continue;
    }
    if (typeof value === "string") {
      const { text, changed } = maskCredentials(value, isSecretKey);
      cells[column] = {
        value: text,
        truncated: row.truncated.has(column),
        masked: changed ? "value" : null,
      };
      continue;
    }
    cells[column] = { value, truncated: false, masked: null };
  }
  return { key: row.key, cells };
}
