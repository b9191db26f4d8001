import { sql } from "drizzle-orm";
import type { TargetConnection } from "../targets/connect";
import { EXACT_SCAN_LIMIT } from "./count-states";
import { queryRows } from "./dialect";
import { tableRowEstimate } from "./estimates";
import type { JobSource } from "./job-source";
import { NO_QUEUE, queueExpression } from "./queue-filter";

const MAX_QUEUES = 500;

/**
 * The queues of a source: its one name, or the distinct values of its queue column. On a large
 * PostgreSQL table the values are collected by skipping through the column's index, one probe
 * per distinct value, instead of reading every row.
 */
export async function listQueues(
  connection: TargetConnection,
  source: JobSource,
): Promise<string[]> {
  if (source.queues.kind === "single") return [source.queues.name];
  const column = source.columns.queue;
  const large =
    connection.kind === "postgres" &&
    (await tableRowEstimate(connection, source)) > EXACT_SCAN_LIMIT;
  const rows = large
    ? await queryRows(
        connection,
        sql`with recursive walk(value) as (
              (select ${column} from ${source.table} where ${column} is not null order by 1 limit 1)
              union all
              select (select ${column} from ${source.table} where ${column} > walk.value order by 1 limit 1)
              from walk where walk.value is not null
            )
            select cast(value as text) as queue from walk where value is not null
            union all
            select ${NO_QUEUE} where exists (select 1 from ${source.table} where ${column} is null)
            limit ${MAX_QUEUES}`,
      )
    : await queryRows(
        connection,
        sql`select distinct ${queueExpression(source)} as queue from ${source.table} order by 1 limit ${MAX_QUEUES}`,
      );
  return rows.map((row) => String(row.queue));
}
