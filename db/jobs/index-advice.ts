import { getTableName, type SQL, sql, type Table } from "drizzle-orm";
import type { PostgresConnection } from "../targets/connect";
import { queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { qualifiedTableName } from "./table-name";

/** An index that would make one of Switchyard's views fast. Switchyard never creates it itself. */
export interface IndexAdvice {
  name: string;
  /** Schema-qualified, quoted table name. */
  table: string;
  /** Key columns or expressions, exactly as PostgreSQL prints them (pg_get_indexdef). */
  keys: readonly string[];
  /** Which view it serves and why. */
  why: string;
  statement: string;
}

export interface IndexAdviceStatus extends IndexAdvice {
  /** True when some index on the table starts with these keys (whatever its name). */
  present: boolean;
  /**
   * What to run, in order. A partitioned table cannot be indexed concurrently: its recipe builds
   * an invalid parent index, each partition's concurrently, then attaches them.
   */
  statements: string[];
}

/**
 * The indexes a source's views need, from its roles alone: the job list walks a queue by
 * (queue, created, id) newest first, and the timeline reads the history by (job id, time).
 */
export function indexAdviceFor(source: JobSource): IndexAdvice[] {
  const { columns } = source;
  const created = columns.createdAt.notNull
    ? columns.createdAt.name
    : `COALESCE(${columns.createdAt.name}, '-infinity'::timestamp with time zone)`;
  const listKeys = [
    ...(source.queues.kind === "column" && columns.queue ? [columns.queue.name] : []),
    created,
    columns.id.name,
  ];
  const advice = [
    advise(
      source.table,
      listKeys,
      "job list: each page is one short index range, newest first, at any depth",
    ),
  ];
  if (columns.finishedAt) {
    advice.push(
      advise(
        source.table,
        [columns.finishedAt.name],
        "overview: the last hour's throughput reads only recent finishes",
      ),
    );
  }
  if (source.history) {
    const { table, jobId, at } = source.history;
    advice.push(
      advise(table, [jobId.name, at.name], "job page: the timeline reads one job's history rows"),
    );
  }
  return advice;
}

function advise(table: Table, keys: string[], why: string): IndexAdvice {
  const name = `${getTableName(table)}_${keys.map(plainName).join("_")}_idx`.slice(0, 63);
  const qualified = qualifiedTableName(table);
  return {
    name,
    table: qualified,
    keys,
    why,
    statement: `CREATE INDEX CONCURRENTLY ${name} ON ${qualified} (${keyList(keys)});`,
  };
}

function keyList(keys: readonly string[]): string {
  return keys.map((key) => (/^[a-z_][a-z0-9_]*$/.test(key) ? key : `(${key})`)).join(", ");
}

function plainName(key: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(key) ? key : (/\((\w+)/.exec(key)?.[1] ?? "expr");
}

/** Which of the advised indexes the target already has (by leading keys), and how to add the rest. */
export async function checkIndexAdvice(
  connection: PostgresConnection,
  advice: readonly IndexAdvice[],
): Promise<IndexAdviceStatus[]> {
  return Promise.all(
    advice.map(async (entry) => {
      const rows = await queryRows(connection, leadingKeys(entry.table, entry.keys.length));
      const wanted = entry.keys.map(normalize);
      const present = rows.some((row) =>
        wanted.every((key, index) => normalize(String(row[`k${index + 1}`] ?? "")) === key),
      );
      const partitions = await queryRows(
        connection,
        sql`select format('%I.%I', n.nspname, c.relname) as name
            from pg_inherits i join pg_class c on c.oid = i.inhrelid
            join pg_namespace n on n.oid = c.relnamespace
            where i.inhparent = to_regclass(${entry.table}) order by c.relname`,
      );
      return {
        ...entry,
        present,
        statements: statementsFor(
          entry,
          partitions.map((p) => String(p.name)),
        ),
      };
    }),
  );
}

function statementsFor(entry: IndexAdvice, partitions: readonly string[]): string[] {
  if (partitions.length === 0) return [entry.statement];
  const keys = keyList(entry.keys);
  const schema = entry.table.includes(".") ? `${entry.table.split(".")[0]}.` : "";
  return [
    `CREATE INDEX IF NOT EXISTS ${entry.name} ON ONLY ${entry.table} (${keys});`,
    ...partitions.flatMap((partition, index) => {
      const child = `${entry.name.slice(0, 56)}_p${index + 1}`;
      return [
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${child} ON ${partition} (${keys});`,
        `ALTER INDEX ${schema}${entry.name} ATTACH PARTITION ${schema}${child};`,
      ];
    }),
  ];
}

function leadingKeys(table: string, count: number): SQL {
  const keys = Array.from(
    { length: count },
    (_, index) =>
      sql`, pg_get_indexdef(i.indexrelid, ${index + 1}, true) as ${sql.identifier(`k${index + 1}`)}`,
  );
  return sql`select i.indexrelid ${sql.join(keys, sql``)}
             from pg_index i where i.indrelid = to_regclass(${table})`;
}

function normalize(key: string): string {
  return key.replaceAll('"', "").replaceAll(/\s+/g, " ").trim().toLowerCase();
}
