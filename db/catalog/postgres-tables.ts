import { sql } from "drizzle-orm";
import type { PostgresConnection } from "../targets/connect";
import { EXACT_COUNT_LIMIT, type RelationKind, type TableSummary } from "./table-summary";

type CatalogRow = {
  schema: string;
  name: string;
  relkind: string;
  estimate: number;
  analyzed: boolean;
  bytes: string | null;
};

const KINDS: Record<string, RelationKind> = {
  r: "table",
  p: "partitioned table",
  v: "view",
  m: "materialized view",
};

/**
 * Every user relation with its size from pg_catalog. Partitioned tables report the sum of
 * their partitions. Small or never-analyzed tables get an exact bounded count; the rest keep
 * the planner's estimate and say so.
 */
export async function listPostgresTables(connection: PostgresConnection): Promise<TableSummary[]> {
  const rows = await connection.db.execute<CatalogRow>(sql`
    with parts as (
      select i.inhparent as parent,
             sum(greatest(c.reltuples, 0))::float8 as estimate,
             bool_and(c.reltuples >= 0) as analyzed,
             sum(pg_total_relation_size(c.oid))::int8 as bytes
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      group by i.inhparent
    )
    select n.nspname as schema, c.relname as name, c.relkind::text as relkind,
           coalesce(parts.estimate, greatest(c.reltuples, 0))::float8 as estimate,
           coalesce(parts.analyzed, c.reltuples >= 0) as analyzed,
           case when c.relkind in ('r', 'm') then pg_total_relation_size(c.oid)
                when c.relkind = 'p' then coalesce(parts.bytes, 0) end as bytes
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join parts on parts.parent = c.oid
    where c.relkind in ('r', 'p', 'v', 'm')
      and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    order by n.nspname, c.relname`);

  return Promise.all(
    rows.map(async (row): Promise<TableSummary> => {
      const kind = KINDS[row.relkind] ?? "table";
      const base = { schema: row.schema, name: row.name, kind, bytes: toNumber(row.bytes) };
      if (kind === "view") return { ...base, rows: null, rowsAccuracy: "estimate" };
      if (!row.analyzed || row.estimate < EXACT_COUNT_LIMIT) {
        const exact = await boundedCount(connection, row.schema, row.name);
        if (exact < EXACT_COUNT_LIMIT) return { ...base, rows: exact, rowsAccuracy: "exact" };
      }
      return { ...base, rows: Math.round(row.estimate), rowsAccuracy: "estimate" };
    }),
  );
}

async function boundedCount(connection: PostgresConnection, schema: string, table: string) {
  const result = await connection.db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from ${sql.identifier(schema)}.${sql.identifier(table)} limit ${EXACT_COUNT_LIMIT}
    ) bounded`);
  return result[0]?.n ?? 0;
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}
