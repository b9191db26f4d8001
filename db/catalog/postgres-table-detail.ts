import type { PostgresConnection } from "../targets/connect";
import type {
  DetailColumn,
  DetailConstraint,
  DetailForeignKey,
  DetailIndex,
  TableDetail,
} from "./table-detail";
import type { RelationKind } from "./table-summary";

const KINDS: Record<string, RelationKind> = {
  r: "table",
  p: "partitioned table",
  v: "view",
  m: "materialized view",
};

const CONSTRAINT_KINDS: Record<string, DetailConstraint["kind"]> = {
  p: "primary key",
  u: "unique",
  c: "check",
  f: "foreign key",
  x: "exclusion",
};

const FK_ACTIONS: Record<string, string> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/** One relation from pg_catalog, by OID lookups only (fast with thousands of tables). */
export async function readPostgresTableDetail(
  connection: PostgresConnection,
  schema: string,
  name: string,
): Promise<TableDetail | null> {
  const { sql } = connection;
  const [relation] = await sql<
    { oid: number; relkind: string; comment: string | null; parent: string | null }[]
  >`
    select c.oid::int8::float8 as oid, c.relkind::text as relkind,
           obj_description(c.oid, 'pg_class') as comment,
           (select pn.nspname || '.' || pc.relname from pg_inherits i
              join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
             where i.inhrelid = c.oid and c.relispartition limit 1) as parent
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname = ${name} and c.relkind in ('r', 'p', 'v', 'm')`;
  if (!relation) return null;
  const oid = relation.oid;
  const kind = KINDS[relation.relkind] ?? "table";

  const [columns, indexes, constraints, foreignKeys, triggers, partitions, sizes, view] =
    await Promise.all([
      readColumns(connection, oid),
      readIndexes(connection, oid),
      sql<{ name: string; type: string; definition: string }[]>`
        select conname as name, contype::text as type, pg_get_constraintdef(oid) as definition
        from pg_constraint where conrelid = ${oid}::oid and contype <> 'n' order by contype, conname`,
      readForeignKeys(connection, oid),
      sql<{ name: string; definition: string; enabled: boolean }[]>`
        select tgname as name, pg_get_triggerdef(oid) as definition, tgenabled <> 'D' as enabled
        from pg_trigger where tgrelid = ${oid}::oid and not tgisinternal order by tgname`,
      sql<{ name: string }[]>`
        select n.nspname || '.' || c.relname as name
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_namespace n on n.oid = c.relnamespace
        where i.inhparent = ${oid}::oid order by c.relname`,
      sql<{ rows: number | null; heap: string; idx: string; toast: string; analyzed: boolean }[]>`
        select sum(greatest(c.reltuples, 0))::float8 as rows, bool_and(c.reltuples >= 0) as analyzed,
               sum(pg_relation_size(c.oid))::int8 as heap,
               sum(pg_indexes_size(c.oid))::int8 as idx,
               sum(case when c.reltoastrelid <> 0 then pg_total_relation_size(c.reltoastrelid) else 0 end)::int8 as toast
        from pg_partition_tree(${oid}::oid::regclass) t join pg_class c on c.oid = t.relid
        where t.isleaf`,
      kind === "view" || kind === "materialized view"
        ? sql<{ definition: string }[]>`select pg_get_viewdef(${oid}::oid, true) as definition`
        : Promise.resolve([]),
    ]);

  const primary = constraints.find((constraint) => constraint.type === "p");
  const primaryIndex = indexes.find((index) => index.primary);
  const hasStorage = kind !== "view";
  const size = sizes[0];
  return {
    schema,
    name,
    kind,
    comment: relation.comment,
    columns,
    primaryKey: primary && primaryIndex ? primaryIndex.columns : [],
    indexes,
    constraints: constraints.map((constraint) => ({
      name: constraint.name,
      kind: CONSTRAINT_KINDS[constraint.type] ?? "check",
      definition: constraint.definition,
    })),
    references: foreignKeys.filter((key) => key.outbound).map(stripDirection),
    referencedBy: foreignKeys.filter((key) => key.inbound).map(stripDirection),
    triggers,
    partitions: partitions.map((partition) => partition.name),
    partitionOf: relation.parent,
    // Never analyzed: the planner has no estimate (reltuples = -1), so say nothing rather than 0.
    rowsEstimate: hasStorage && size?.analyzed ? Math.round(Number(size.rows ?? 0)) : null,
    sizes: hasStorage
      ? {
          table: Number(size?.heap ?? 0),
          indexes: Number(size?.idx ?? 0),
          toast: Number(size?.toast ?? 0),
        }
      : { table: null, indexes: null, toast: null },
    viewDefinition: view[0]?.definition ?? null,
  };
}

async function readColumns(connection: PostgresConnection, oid: number): Promise<DetailColumn[]> {
  const rows = await connection.sql<
    {
      name: string;
      type: string;
      base: string;
      is_array: boolean;
      nullable: boolean;
      default: string | null;
      comment: string | null;
      identity: string;
      generated: string;
      enum_values: string[] | null;
      enum_name: string | null;
    }[]
  >`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
           case when t.typcategory = 'A' then et.typname else t.typname end as base,
           t.typcategory = 'A' as is_array,
           not a.attnotnull as nullable,
           pg_get_expr(d.adbin, d.adrelid) as default,
           col_description(a.attrelid, a.attnum) as comment,
           a.attidentity::text as identity, a.attgenerated::text as generated,
           (select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e
             where e.enumtypid = coalesce(nullif(t.typelem, 0), t.oid)) as enum_values,
           case when coalesce(et.typtype, t.typtype) = 'e'
                then coalesce(et.typname, t.typname) end as enum_name
    from pg_attribute a
    join pg_type t on t.oid = a.atttypid
    left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = ${oid}::oid and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    baseType: row.base,
    nullable: row.nullable,
    default: row.generated ? null : row.default,
    comment: row.comment,
    identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
    dimensions: row.is_array ? 1 : 0,
    ...(row.enum_values ? { enumValues: row.enum_values } : {}),
    ...(row.enum_name ? { enumName: row.enum_name } : {}),
  }));
}

async function readIndexes(connection: PostgresConnection, oid: number): Promise<DetailIndex[]> {
  const rows = await connection.sql<
    {
      name: string;
      unique: boolean;
      primary: boolean;
      partial: boolean;
      definition: string;
      bytes: string;
      scans: string | null;
      columns: string[];
      backs_constraint: boolean;
    }[]
  >`
    select i.relname as name, x.indisunique as unique, x.indisprimary as primary,
           (x.indpred is not null or x.indexprs is not null) as partial,
           pg_get_indexdef(x.indexrelid) as definition,
           pg_relation_size(x.indexrelid)::int8 as bytes,
           s.idx_scan::int8 as scans,
           array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
                  where k.ord <= x.indnkeyatts order by k.ord) as columns,
           exists (select 1 from pg_constraint k where k.conindid = x.indexrelid) as backs_constraint
    from pg_index x join pg_class i on i.oid = x.indexrelid
    left join pg_stat_all_indexes s on s.indexrelid = x.indexrelid
    where x.indrelid = ${oid}::oid
    order by x.indisprimary desc, i.relname`;
  return rows.map((row) => ({
    name: row.name,
    columns: row.columns,
    unique: row.unique,
    primary: row.primary,
    partialOrExpression: row.partial,
    definition: row.definition,
    bytes: Number(row.bytes),
    scans: row.scans === null ? null : Number(row.scans),
    unused: row.scans !== null && Number(row.scans) === 0 && !row.backs_constraint,
  }));
}

async function readForeignKeys(
  connection: PostgresConnection,
  oid: number,
): Promise<(DetailForeignKey & { inbound: boolean; outbound: boolean })[]> {
  const rows = await connection.sql<
    {
      name: string;
      schema: string;
      table: string;
      columns: string[];
      ref_schema: string;
      ref_table: string;
      ref_columns: string[];
      on_delete: string;
      on_update: string;
      inbound: boolean;
      outbound: boolean;
    }[]
  >`
    select k.conname as name, n.nspname as schema, c.relname as table,
           array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, ord)
                   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord) as columns,
           rn.nspname as ref_schema, rc.relname as ref_table,
           array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, ord)
                   join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.ord) as ref_columns,
           k.confdeltype::text as on_delete, k.confupdtype::text as on_update,
           k.confrelid = ${oid}::oid as inbound, k.conrelid = ${oid}::oid as outbound
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_class rc on rc.oid = k.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
    where k.contype = 'f' and k.conparentid = 0
      and (k.conrelid = ${oid}::oid or k.confrelid = ${oid}::oid)
      and not c.relispartition
    order by k.conname`;
  return rows.map((row) => ({
    name: row.name,
    schema: row.schema,
    table: row.table,
    columns: row.columns,
    refSchema: row.ref_schema,
    refTable: row.ref_table,
    refColumns: row.ref_columns,
    onDelete: FK_ACTIONS[row.on_delete] ?? row.on_delete,
    onUpdate: FK_ACTIONS[row.on_update] ?? row.on_update,
    inbound: row.inbound,
    outbound: row.outbound,
  }));
}

function stripDirection({
  inbound: _inbound,
  outbound: _outbound,
  ...key
}: DetailForeignKey & { inbound: boolean; outbound: boolean }): DetailForeignKey {
  return key;
}
