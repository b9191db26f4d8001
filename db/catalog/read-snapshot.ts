import { sql } from "drizzle-orm";
import type { PostgresConnection, SqliteConnection, TargetConnection } from "../targets/connect";
import { parseCheckValues } from "./parse-check";
import type { CatalogSnapshot, CatalogTable } from "./snapshot";
import type { RelationKind } from "./table-summary";

const KINDS: Record<string, RelationKind> = {
  r: "table",
  p: "partitioned table",
  v: "view",
  m: "materialized view",
  table: "table",
  view: "view",
};

export function readSnapshot(connection: TargetConnection): Promise<CatalogSnapshot> {
  return connection.kind === "postgres" ? readPostgres(connection) : readSqlite(connection);
}

function tableFor(tables: Map<string, CatalogTable>, schema: string, name: string, kind: string) {
  const key = `${schema}.${name}`;
  let table = tables.get(key);
  if (!table) {
    table = {
      schema,
      name,
      kind: KINDS[kind] ?? "table",
      columns: new Map(),
      checkValues: new Map(),
    };
    tables.set(key, table);
  }
  return table;
}

async function readPostgres(connection: PostgresConnection): Promise<CatalogSnapshot> {
  const columns = await connection.db.execute<{
    schema: string;
    table: string;
    relkind: string;
    column: string;
    type: string;
    nullable: boolean;
    enum_values: string[] | null;
  }>(sql`
    select n.nspname as schema, c.relname as table, c.relkind::text as relkind,
           a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
           not a.attnotnull as nullable,
           (select json_agg(e.enumlabel order by e.enumsortorder)
              from pg_enum e where e.enumtypid = a.atttypid) as enum_values
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    order by n.nspname, c.relname, a.attnum`);
  const checks = await connection.db.execute<{
    schema: string;
    table: string;
    definition: string;
  }>(sql`
    select n.nspname as schema, c.relname as table, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'c' and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema')`);

  const tables = new Map<string, CatalogTable>();
  for (const row of columns) {
    tableFor(tables, row.schema, row.table, row.relkind).columns.set(row.column, {
      name: row.column,
      type: row.type,
      nullable: row.nullable,
      ...(row.enum_values ? { enumValues: row.enum_values } : {}),
    });
  }
  for (const row of checks) {
    const table = tables.get(`${row.schema}.${row.table}`);
    if (!table) continue;
    for (const [column, values] of parseCheckValues(row.definition)) {
      table.checkValues.set(column, values);
    }
  }
  return { engine: "postgres", tables: [...tables.values()] };
}

async function readSqlite(connection: SqliteConnection): Promise<CatalogSnapshot> {
  const rows = await connection.db.all<{
    table: string;
    kind: string;
    ddl: string | null;
    column: string;
    type: string;
    notnull: number;
  }>(sql`
    select m.name as "table", m.type as kind, m.sql as ddl,
           p.name as "column", p.type as type, p."notnull" as "notnull"
    from sqlite_schema m join pragma_table_info(m.name) p
    where m.type in ('table', 'view') and m.name not like 'sqlite\\_%' escape '\\'
    order by m.name, p.cid`);

  const tables = new Map<string, CatalogTable>();
  for (const row of rows) {
    const table = tableFor(tables, "main", row.table, row.kind);
    if (table.columns.size === 0 && row.ddl) table.checkValues = parseCheckValues(row.ddl);
    table.columns.set(row.column, {
      name: row.column,
      type: row.type.toLowerCase(),
      nullable: Number(row.notnull) === 0,
    });
  }
  return { engine: "sqlite", tables: [...tables.values()] };
}
