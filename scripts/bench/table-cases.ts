import { readTableDetail } from "@/db/catalog/table-detail";
import { readRows } from "@/db/tables/read-rows";
import type { PostgresConnection } from "@/db/targets/connect";
import { choosePagingKey } from "@/lib/tables/paging-key";
import type { RowCursor } from "@/lib/tables/row-cursor";
import { measure, round } from "./measure";
import type { QueryCase } from "./query-cases";

const PAGE = 50;
const DEEP_ROWS = 500_000;

/**
 * The table browser on the assistant's `queue` table: its first page and a page 500,000 rows
 * deep by primary-key keyset, against OFFSET for the same depth.
 */
export async function runTableCases(
  connection: PostgresConnection,
  runs: number,
  log: (line: string) => void,
): Promise<QueryCase[]> {
  const detail = await readTableDetail(connection, "public", "queue");
  if (!detail) throw new Error("the benchmark database has no public.queue");
  const key = choosePagingKey({ ...detail, engine: "postgres" });
  const page = (cursor: RowCursor | null) =>
    readRows(connection, detail, key, { filters: [], sort: null, cursor, limit: PAGE });
  const [anchor] = await connection.sql<{ id: string }[]>`
    select id::text as id from queue order by id offset ${DEEP_ROWS - 1} limit 1`;
  if (!anchor) {
    log(`  table browser: queue has fewer than ${DEEP_ROWS} rows; no table cases`);
    return [];
  }
  const deep: RowCursor = { values: [anchor.id], direction: "after" };
  const first = await measure(runs, () => page(null));
  const keyset = await measure(runs, () => page(deep));
  const offset = await measure(
    runs,
    () => connection.sql`select * from queue order by id limit ${PAGE} offset ${DEEP_ROWS}`,
  );
  const ratio = round(offset.medianMs / Math.max(keyset.medianMs, 0.01), 1);
  log(
    `  table browser: first page ${first.medianMs} ms, ${DEEP_ROWS} rows deep ${keyset.medianMs} ms vs OFFSET ${offset.medianMs} ms (${ratio}×)`,
  );
  return [
    {
      id: "table-first-page",
      label: "Table browser: queue, first page",
      switchyard: first,
      baseline: null,
      baselineLabel: null,
      ratio: null,
    },
    {
      id: "table-deep-page",
      label: `Table browser: queue, ${DEEP_ROWS.toLocaleString("en")} rows deep`,
      switchyard: keyset,
      baseline: offset,
      baselineLabel: `OFFSET ${DEEP_ROWS.toLocaleString("en")}`,
      ratio,
    },
  ];
}
