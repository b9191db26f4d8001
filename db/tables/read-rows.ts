import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { errorCode } from "@/lib/database-error";
import { InputError } from "@/lib/input-error";
import type { ColumnFilter } from "@/lib/tables/filter";
import type { PagingKey } from "@/lib/tables/paging-key";
import { encodeRowKey, type KeyValue, type RowCursor } from "@/lib/tables/row-cursor";
import type { TableDetail } from "../catalog/table-detail";
import type { TargetConnection } from "../targets/connect";
import { filterSql } from "./filter-sql";
import { beyond, keyEquals, type OrderTerm, orderBy } from "./keyset-sql";

/** Cells longer than this are cut in the grid; the viewer fetches them whole. */
export const CELL_PREVIEW = 300;

export interface RowsQuery {
  filters: readonly ColumnFilter[];
  sort: { column: string; desc: boolean } | null;
  cursor: RowCursor | null;
  limit: number;
}

/** A row as read: every value as text (or SQLite's scalar), and its key. */
export interface RawRow {
  key: string;
  keyValues: KeyValue[];
  values: Record<string, string | number | null>;
  truncated: Set<string>;
}

/** A page and the positions either side of it (unsigned: browse-rows signs them for URLs). */
export interface RawPage {
  rows: RawRow[];
  next: RowCursor | null;
  prev: RowCursor | null;
}

function keyTerms(detail: TableDetail, key: PagingKey, desc: boolean): OrderTerm[] {
  if (key.kind === "columns") {
    return key.columns.map((name) => ({
      expr: sql`${sql.identifier(name)}`,
      desc,
      nullable: false,
    }));
  }
  if (key.kind === "physical" && key.name === "ctid") {
    return [{ expr: sql`ctid`, desc, nullable: false, cast: (value) => sql`${value}::tid` }];
  }
  if (key.kind === "physical") return [{ expr: sql`rowid`, desc, nullable: false }];
  void detail;
  return [];
}

function from(detail: TableDetail, engine: "postgres" | "sqlite"): SQL {
  return engine === "postgres"
    ? sql`${sql.identifier(detail.schema)}.${sql.identifier(detail.name)}`
    : sql`${sql.identifier(detail.name)}`;
}

function selectList(
  detail: TableDetail,
  terms: readonly OrderTerm[],
  engine: "postgres" | "sqlite",
  preview: boolean,
): SQL {
  const cells = detail.columns.map((column, index) => {
    const id = sql.identifier(column.name);
    const alias = sql.identifier(`c${index}`);
    if (engine === "postgres") {
      return preview
        ? sql`left(${id}::text, ${CELL_PREVIEW + 1}) as ${alias}`
        : sql`${id}::text as ${alias}`;
    }
    return preview
      ? sql`case when typeof(${id}) in ('text', 'blob') then substr(cast(${id} as text), 1, ${CELL_PREVIEW + 1}) else ${id} end as ${alias}`
      : sql`case when typeof(${id}) = 'blob' then cast(${id} as text) else ${id} end as ${alias}`;
  });
  const keys = terms.map((term, index) => {
    const alias = sql.identifier(`k${index}`);
    return engine === "postgres"
      ? sql`${term.expr}::text as ${alias}`
      : sql`${term.expr} as ${alias}`;
  });
  return sql.join([...cells, ...keys], sql`, `);
}

async function run(connection: TargetConnection, query: SQL): Promise<Record<string, unknown>[]> {
  try {
    return connection.kind === "postgres"
      ? ((await connection.db.execute(query)) as unknown as Record<string, unknown>[])
      : await connection.db.all<Record<string, unknown>>(query);
  } catch (error) {
    const code = errorCode(error) ?? "";
    // Data exceptions (bad literal for the column's type) and undefined operators: bad input.
    if (/^22/.test(code) || code === "42883" || code === "42804") {
      throw new InputError("filter", "a filter value does not fit its column's type");
    }
    throw error;
  }
}

function toRow(
  detail: TableDetail,
  record: Record<string, unknown>,
  keyCount: number,
  sortCount: number,
  preview: boolean,
): RawRow & { orderValues: KeyValue[] } {
  const values: Record<string, string | number | null> = {};
  const truncated = new Set<string>();
  detail.columns.forEach((column, index) => {
    let value = record[`c${index}`] as string | number | bigint | null | undefined;
    if (typeof value === "bigint") value = value.toString();
    if (preview && typeof value === "string" && value.length > CELL_PREVIEW) {
      value = value.slice(0, CELL_PREVIEW);
      truncated.add(column.name);
    }
    values[column.name] = value ?? null;
  });
  const orderValues: KeyValue[] = [];
  for (let index = 0; index < sortCount + keyCount; index += 1) {
    const value = record[`k${index}`];
    orderValues.push(value === null || value === undefined ? null : (value as string | number));
  }
  const keyValues = orderValues.slice(sortCount);
  return { key: encodeRowKey(keyValues), keyValues, values, truncated, orderValues };
}

/**
 * One keyset page. Reads at most limit + 1 rows under the target's statement_timeout; the
 * extra row only says whether there is more. Backwards pages are read in reverse and flipped.
 */
export async function readRows(
  connection: TargetConnection,
  detail: TableDetail,
  key: PagingKey,
  query: RowsQuery,
): Promise<RawPage> {
  const engine = connection.kind;
  const desc = query.sort?.desc ?? false;
  const sortColumn = query.sort
    ? detail.columns.find((column) => column.name === query.sort?.column)
    : undefined;
  const sortTerms: OrderTerm[] = sortColumn
    ? [{ expr: sql`${sql.identifier(sortColumn.name)}`, desc, nullable: sortColumn.nullable }]
    : [];
  const terms = [...sortTerms, ...keyTerms(detail, key, desc)];
  const backwards = query.cursor?.direction === "before";
  const conditions = query.filters.map((filter) => filterSql(filter, engine));
  if (query.cursor && terms.length > 0) {
    conditions.push(beyond(terms, query.cursor.values, backwards));
  }
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const order = terms.length > 0 ? sql`order by ${orderBy(terms, backwards)}` : sql``;
  const limit = key.kind === "none" ? query.limit : query.limit + 1;
  const records = await run(
    connection,
    sql`select ${selectList(detail, terms, engine, true)} from ${from(detail, engine)} ${where} ${order} limit ${limit}`,
  );
  const more = key.kind !== "none" && records.length > query.limit;
  const page = records
    .slice(0, query.limit)
    .map((record) =>
      toRow(detail, record, terms.length - sortTerms.length, sortTerms.length, true),
    );
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const after = (row: typeof last): RowCursor | null =>
    row ? { values: row.orderValues, direction: "after" } : null;
  const before = (row: typeof first): RowCursor | null =>
    row ? { values: row.orderValues, direction: "before" } : null;
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : query.cursor !== null;
  return {
    rows: page.map(({ orderValues: _orderValues, ...row }) => row),
    next: hasNext && key.kind !== "none" ? after(last) : null,
    prev: hasPrev && key.kind !== "none" ? before(first) : null,
  };
}

/** One whole row by its key values, or null when it is gone. */
export async function readRow(
  connection: TargetConnection,
  detail: TableDetail,
  key: PagingKey,
  keyValues: readonly KeyValue[],
): Promise<RawRow | null> {
  const terms = keyTerms(detail, key, false);
  if (terms.length === 0 || terms.length !== keyValues.length) return null;
  const records = await run(
    connection,
    sql`select ${selectList(detail, terms, connection.kind, false)} from ${from(detail, connection.kind)} where ${keyEquals(terms, keyValues)} limit 1`,
  );
  const record = records[0];
  if (!record) return null;
  const { orderValues: _orderValues, ...row } = toRow(detail, record, terms.length, 0, false);
  return row;
}
