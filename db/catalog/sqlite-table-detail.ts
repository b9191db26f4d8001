import type { InValue } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { SqliteConnection } from "../targets/connect";
import { sqliteCheckConstraints } from "./sqlite-checks";
import type { DetailForeignKey, DetailIndex, TableDetail } from "./table-detail";

type Row = Record<string, unknown>;

async function rows(connection: SqliteConnection, text: string, args: InValue[] = []) {
  const result = await connection.client.execute({ sql: text, args });
  return result.rows as unknown as Row[];
}

const textOf = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** One table or view from sqlite_schema and the table-valued pragmas. */
export async function readSqliteTableDetail(
  connection: SqliteConnection,
  name: string,
): Promise<TableDetail | null> {
  const [relation] = await rows(
    connection,
    `select type, sql from sqlite_schema where name = ? and type in ('table', 'view')`,
    [name],
  );
  if (!relation) return null;
  const kind = relation.type === "view" ? "view" : "table";
  const ddl = textOf(relation.sql) ?? "";

  const columnRows = await rows(
    connection,
    `select name, type, "notnull" as nn, dflt_value, pk, hidden from pragma_table_xinfo(?) order by cid`,
    [name],
  );
  const columns = columnRows
    .filter((row) => Number(row.hidden) === 0)
    .map((row) => ({
      name: String(row.name),
      type: String(row.type ?? ""),
      baseType: String(row.type ?? "")
        .toLowerCase()
        .replace(/\(.*$/, "")
        .trim(),
      nullable: Number(row.nn) === 0 && Number(row.pk) === 0,
      default: textOf(row.dflt_value),
      comment: null,
      identity: null,
      dimensions: 0,
    }));
  const primaryKey = columnRows
    .filter((row) => Number(row.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((row) => String(row.name));

  const indexes = await readIndexes(connection, name);
  const references = await readForeignKeys(connection, name, primaryKey);
  const inbound = await rows(
    connection,
    `select m.name as tbl from sqlite_schema m
      where m.type = 'table' and exists (select 1 from pragma_foreign_key_list(m.name) f where f."table" = ?)`,
    [name],
  );
  const referencedBy: DetailForeignKey[] = [];
  for (const row of inbound) {
    const other = String(row.tbl);
    const otherPk = other === name ? primaryKey : await primaryKeyOf(connection, other);
    for (const key of await readForeignKeys(connection, other, otherPk)) {
      if (key.refTable === name) referencedBy.push(key);
    }
  }
  const triggers = await rows(
    connection,
    `select name, sql from sqlite_schema where type = 'trigger' and tbl_name = ? order by name`,
    [name],
  );
  const [size] =
    kind === "table"
      ? await connection.db.all<{ n: number }>(
          sql`select count(*) as n from (select 1 from ${sql.identifier(name)} limit 100000)`,
        )
      : [];

  return {
    schema: "main",
    name,
    kind,
    comment: null,
    columns,
    primaryKey,
    indexes,
    constraints: [
      ...(primaryKey.length > 0
        ? [
            {
              name: `${name}_pkey`,
              kind: "primary key" as const,
              definition: `PRIMARY KEY (${primaryKey.join(", ")})`,
            },
          ]
        : []),
      ...indexes
        .filter((index) => index.unique && !index.primary)
        .map((index) => ({
          name: index.name,
          kind: "unique" as const,
          definition: `UNIQUE (${index.columns.join(", ")})`,
        })),
      ...references.map((key) => ({
        name: key.name,
        kind: "foreign key" as const,
        definition: `FOREIGN KEY (${key.columns.join(", ")}) REFERENCES ${key.refTable} (${key.refColumns.join(", ")})`,
      })),
      ...sqliteCheckConstraints(ddl).map((definition, index) => ({
        name: `${name}_check_${index + 1}`,
        kind: "check" as const,
        definition,
      })),
    ],
    references,
    referencedBy,
    triggers: triggers.map((row) => ({
      name: String(row.name),
      definition: String(row.sql ?? ""),
      enabled: true,
    })),
    partitions: [],
    partitionOf: null,
    rowsEstimate: size ? Number(size.n) : null,
    sizes: { table: await tableBytes(connection, name), indexes: null, toast: null },
    viewDefinition: kind === "view" ? ddl : null,
  };
}

async function primaryKeyOf(connection: SqliteConnection, table: string): Promise<string[]> {
  const pk = await rows(
    connection,
    `select name from pragma_table_info(?) where pk > 0 order by pk`,
    [table],
  );
  return pk.map((row) => String(row.name));
}

async function readIndexes(connection: SqliteConnection, table: string): Promise<DetailIndex[]> {
  const list = await rows(
    connection,
    `select l.name, l."unique" as uniq, l.origin, l.partial, m.sql
       from pragma_index_list(?) l left join sqlite_schema m on m.type = 'index' and m.name = l.name
      order by l.origin = 'pk' desc, l.name`,
    [table],
  );
  const indexes: DetailIndex[] = [];
  for (const row of list) {
    const info = await rows(connection, `select name from pragma_index_info(?) order by seqno`, [
      String(row.name),
    ]);
    const columns = info.map((column) => textOf(column.name) ?? "(expression)");
    indexes.push({
      name: String(row.name),
      columns,
      unique: Number(row.uniq) === 1,
      primary: row.origin === "pk",
      partialOrExpression: Number(row.partial) === 1 || columns.includes("(expression)"),
      definition:
        textOf(row.sql) ??
        `${row.origin === "pk" ? "PRIMARY KEY" : "UNIQUE"} (${columns.join(", ")})`,
      bytes: null,
      scans: null,
      unused: false,
    });
  }
  return indexes;
}

async function readForeignKeys(
  connection: SqliteConnection,
  table: string,
  primaryKey: readonly string[],
): Promise<DetailForeignKey[]> {
  const list = await rows(
    connection,
    `select id, seq, "table" as ref, "from" as col, "to" as refcol, on_update, on_delete
       from pragma_foreign_key_list(?) order by id, seq`,
    [table],
  );
  const byId = new Map<number, DetailForeignKey>();
  for (const row of list) {
    const id = Number(row.id);
    let key = byId.get(id);
    if (!key) {
      key = {
        name: `${table}_fk_${id}`,
        schema: "main",
        table,
        columns: [],
        refSchema: "main",
        refTable: String(row.ref),
        refColumns: [],
        onDelete: String(row.on_delete).toLowerCase(),
        onUpdate: String(row.on_update).toLowerCase(),
      };
      byId.set(id, key);
    }
    key.columns.push(String(row.col));
    if (row.refcol !== null) key.refColumns.push(String(row.refcol));
  }
  for (const key of byId.values()) {
    if (key.refColumns.length === 0) {
      key.refColumns =
        key.refTable === table ? [...primaryKey] : await primaryKeyOf(connection, key.refTable);
    }
  }
  return [...byId.values()];
}

async function tableBytes(connection: SqliteConnection, table: string): Promise<number | null> {
  try {
    const [row] = await rows(connection, `select sum(pgsize) as bytes from dbstat where name = ?`, [
      table,
    ]);
    return row?.bytes === null || row?.bytes === undefined ? null : Number(row.bytes);
  } catch {
    return null;
  }
}
