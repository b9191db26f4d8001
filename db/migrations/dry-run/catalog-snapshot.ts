import "server-only";
import type { ResultSet } from "@libsql/client";
import type postgres from "postgres";
import {
  type CatalogEntry,
  type CatalogFact,
  type CatalogSnapshot,
  catalogSnapshot,
} from "@/lib/migrations/catalog-diff";
import type { CatalogObjectKind } from "@/lib/migrations/run-model";

interface SnapshotRow {
  kind: CatalogObjectKind;
  name: string;
  parent: string | null;
  facts: Record<string, CatalogFact>;
}

/**
 * The user-visible catalog of a PostgreSQL database (not pg_catalog, information_schema,
 * pg_toast or temporary schemas; not objects that belong to an extension), in one query.
 *
 * It takes no lock on any table: pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef and
 * pg_get_expr(…, relid) wait behind a session holding ACCESS EXCLUSIVE on the table, so indexes,
 * constraints and views are fingerprinted from their catalog rows instead, and defaults are
 * deparsed without their table (a default cannot name a column). Otherwise a table locked by
 * someone else would fail the snapshot instead of the statement that needs the lock.
 */
export async function snapshotPostgres(sql: postgres.Sql): Promise<CatalogSnapshot> {
  const rows = await sql<SnapshotRow[]>`
    with ns as (
      select n.oid, n.nspname, n.nspowner, n.nspacl from pg_namespace n
      where n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname !~ '^pg_(toast|temp_)'
    ),
    member as (select classid, objid from pg_depend where deptype = 'e'),
    rel as (
      select c.oid, c.relname, c.relkind, c.relowner, c.relpersistence, c.relfilenode,
             c.relrowsecurity, c.relacl, n.nspname,
             case when c.relkind in ('v', 'm') then 'view'
                  when c.relkind = 'S' then 'sequence' else 'table' end as kind
      from pg_class c join ns n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'f', 'v', 'm', 'S')
        and not exists (select 1 from member m
                        where m.classid = 'pg_class'::regclass and m.objid = c.oid)
    )
    select 'schema' as kind, nspname as name, null as parent, 0 as ord,
           jsonb_build_object('owner', pg_get_userbyid(nspowner), 'privileges', nspacl::text) as facts
    from ns
    union all
    select 'extension', x.extname, null, 0,
           jsonb_build_object('version', x.extversion, 'schema', x.extnamespace::regnamespace::text)
    from pg_extension x where x.extname <> 'plpgsql'
    union all
    select r.kind, r.nspname || '.' || r.relname,
           (select 'table ' || pn.nspname || '.' || pc.relname
            from pg_depend d join pg_class pc on pc.oid = d.refobjid
            join pg_namespace pn on pn.oid = pc.relnamespace
            where r.relkind = 'S' and d.classid = 'pg_class'::regclass and d.objid = r.oid
              and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') limit 1),
           0,
           jsonb_build_object(
             'relkind', case r.relkind when 'm' then 'materialized view' when 'p' then 'partitioned'
                                       when 'f' then 'foreign' else null end,
             'owner', pg_get_userbyid(r.relowner), 'privileges', r.relacl::text,
             'persistence', case r.relpersistence when 'u' then 'UNLOGGED' else 'LOGGED' end,
             'rowSecurity', r.relrowsecurity,
             'storage', case when r.relkind in ('r', 'm') then r.relfilenode::text end,
             'definition', (select md5(w.ev_action::text) from pg_rewrite w
                            where w.ev_class = r.oid and w.rulename = '_RETURN'),
             'sequence', (select concat_ws(' ', format_type(s.seqtypid, null), 'increment',
                                 s.seqincrement, 'min', s.seqmin, 'max', s.seqmax, 'start',
                                 s.seqstart, 'cache', s.seqcache,
                                 case when s.seqcycle then 'cycle' end)
                          from pg_sequence s where s.seqrelid = r.oid))
    from rel r
    union all
    select 'column', r.nspname || '.' || r.relname || '.' || a.attname,
           'table ' || r.nspname || '.' || r.relname, a.attnum,
           jsonb_build_object(
             'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull,
             'default', case when a.attgenerated = '' then pg_get_expr(d.adbin, 0) end,
             'generated', case when a.attgenerated <> '' then md5(d.adbin::text) end,
             'identity', case a.attidentity when 'a' then 'ALWAYS' when 'd' then 'BY DEFAULT' end)
    from rel r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where r.kind = 'table'
    union all
    select 'index', r.nspname || '.' || ic.relname, r.kind || ' ' || r.nspname || '.' || r.relname,
           0,
           jsonb_build_object(
             'method', am.amname, 'unique', i.indisunique, 'primaryKey', i.indisprimary,
             'valid', i.indisvalid,
             'columns', (select string_agg(coalesce(quote_ident(att.attname), '(expression)'), ', '
                                           order by k.ord)
                         from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
                         left join pg_attribute att
                           on att.attrelid = i.indrelid and att.attnum = k.attnum),
             'partial', i.indpred is not null,
             'fingerprint', md5(concat_ws('|', i.indclass::text, i.indcollation::text,
                                i.indoption::text, i.indexprs::text, i.indpred::text,
                                i.indnkeyatts, ic.reloptions::text)))
    from rel r join pg_index i on i.indrelid = r.oid join pg_class ic on ic.oid = i.indexrelid
    join pg_am am on am.oid = ic.relam
    union all
    select 'constraint', r.nspname || '.' || r.relname || '.' || co.conname,
           'table ' || r.nspname || '.' || r.relname, 0,
           jsonb_build_object(
             'type', case co.contype when 'p' then 'PRIMARY KEY' when 'u' then 'UNIQUE'
                     when 'f' then 'FOREIGN KEY' when 'c' then 'CHECK' when 'x' then 'EXCLUDE'
                     else co.contype::text end,
             'validated', co.convalidated,
             'columns', (select string_agg(quote_ident(att.attname), ', ' order by k.ord)
                         from unnest(co.conkey) with ordinality k(attnum, ord)
                         join pg_attribute att
                           on att.attrelid = co.conrelid and att.attnum = k.attnum),
             'references', case when co.confrelid <> 0 then co.confrelid::regclass::text end,
             'fingerprint', md5(concat_ws('|', co.conbin::text, co.confkey::text, co.confupdtype,
                                co.confdeltype, co.confmatchtype, co.condeferrable,
                                co.condeferred, co.connoinherit)))
    from rel r join pg_constraint co on co.conrelid = r.oid
    where co.contype <> 'n'
    union all
    select 'constraint', n.nspname || '.' || t.typname || '.' || co.conname,
           'type ' || n.nspname || '.' || t.typname, 0,
           jsonb_build_object('type', 'CHECK', 'validated', co.convalidated,
                              'fingerprint', md5(co.conbin::text))
    from pg_constraint co join pg_type t on t.oid = co.contypid
    join ns n on n.oid = t.typnamespace
    where co.contypid <> 0 and co.contype <> 'n'
    union all
    select 'function', n.nspname || '.' || p.proname
                       || '(' || pg_get_function_identity_arguments(p.oid) || ')', null, 0,
           jsonb_build_object(
             'returns', pg_get_function_result(p.oid), 'language', l.lanname,
             'body', md5(coalesce(p.prosrc, '')),
             -- the whole row: volatility, security, settings, grants, a SQL-standard body
             'definition', md5(p::text))
    from pg_proc p join ns n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
    where not exists (select 1 from member m
                      where m.classid = 'pg_proc'::regclass and m.objid = p.oid)
    union all
    select 'type', n.nspname || '.' || t.typname, null, 0,
           jsonb_build_object(
             'owner', pg_get_userbyid(t.typowner),
             'labels', case when t.typtype = 'e' then
                         (select jsonb_agg(e.enumlabel order by e.enumsortorder)
                          from pg_enum e where e.enumtypid = t.oid) end,
             'base', case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
             'notNull', t.typnotnull, 'default', t.typdefault,
             'attributes', case when t.typtype = 'c' then
                             (select string_agg(quote_ident(a.attname) || ' '
                                                || format_type(a.atttypid, a.atttypmod), ', '
                                                order by a.attnum)
                              from pg_attribute a
                              where a.attrelid = t.typrelid and a.attnum > 0
                                and not a.attisdropped) end,
             'subtype', (select format_type(g.rngsubtype, null) from pg_range g
                         where g.rngtypid = t.oid))
    from pg_type t join ns n on n.oid = t.typnamespace
    where t.typtype in ('e', 'd', 'r', 'c')
      and (t.typtype <> 'c' or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
      and not exists (select 1 from member m
                      where m.classid = 'pg_type'::regclass and m.objid = t.oid)
    union all
    select 'trigger', r.nspname || '.' || r.relname || '.' || tg.tgname,
           r.kind || ' ' || r.nspname || '.' || r.relname, 0,
           jsonb_build_object('definition', pg_get_triggerdef(tg.oid),
                              'enabled', tg.tgenabled::text)
    from rel r join pg_trigger tg on tg.tgrelid = r.oid
    where not tg.tgisinternal
    order by 1, 3 nulls first, 4, 2`;
  return catalogSnapshot(
    rows.map(({ kind, name, parent, facts }) => ({ kind, name, parent, facts })),
  );
}

/** Anything that runs one SQLite statement: a libsql client or one of its transactions. */
export interface SqliteExecutor {
  execute(sql: string): Promise<ResultSet>;
}

/** The catalog of a SQLite database: sqlite_master and each table's columns, in one query. */
export async function snapshotSqlite(executor: SqliteExecutor): Promise<CatalogSnapshot> {
  const result = await executor.execute(`
    select m.type, m.name, m.tbl_name, m.sql, p.name as column_name, p.type as column_type,
           p."notnull" as not_null, p.dflt_value, p.pk
    from sqlite_master m
    left join pragma_table_info(m.name) p on m.type = 'table'
    where m.name not like 'sqlite_%'
    order by m.type = 'table' desc, m.name, p.cid`);
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  for (const row of result.rows) {
    const type = String(row.type);
    const name = String(row.name);
    const kind: CatalogObjectKind =
      type === "table"
        ? "table"
        : type === "view"
          ? "view"
          : type === "index"
            ? "index"
            : "trigger";
    if (!seen.has(`${kind} ${name}`)) {
      seen.add(`${kind} ${name}`);
      const table = String(row.tbl_name);
      entries.push({
        kind,
        name,
        parent: kind === "index" || kind === "trigger" ? `table ${table}` : null,
        facts: { definition: row.sql === null ? null : String(row.sql).replace(/\s+/g, " ") },
      });
    }
    if (row.column_name === null || row.column_name === undefined) continue;
    entries.push({
      kind: "column",
      name: `${name}.${String(row.column_name)}`,
      parent: `table ${name}`,
      facts: {
        type: String(row.column_type ?? ""),
        notNull: Number(row.not_null) === 1,
        default: row.dflt_value === null ? null : String(row.dflt_value),
        primaryKey: Number(row.pk) > 0,
      },
    });
  }
  return catalogSnapshot(entries);
}
