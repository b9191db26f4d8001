/**
 * Keyset page depth on a table of ≥ 1M rows: the first page, a page 500,000 rows deep, and the
 * same depth read with OFFSET (the naive baseline), through the same query builder the console
 * uses. Usage: npm run bench:tables -- <postgres superuser URL> [rows]
 */
import postgres from "postgres";
import { readTableDetail } from "@/db/catalog/table-detail";
import { readRows } from "@/db/tables/read-rows";
import { closeConnection, connectPostgres } from "@/db/targets/connect";
import { choosePagingKey } from "@/lib/tables/paging-key";
import { decodeRowCursor, encodeRowCursor } from "@/lib/tables/row-cursor";

const adminUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL;
const rows = Number(process.argv[3] ?? 1_000_000);
if (!adminUrl) throw new Error("usage: scripts/bench-tables.ts <postgres URL> [rows]");
const name = `sy_bench_tables_${process.pid}`;

async function time<T>(run: () => Promise<T>, repeat = 5): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < repeat; index += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(repeat / 2)] ?? 0;
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const connection = connectPostgres(url.toString(), { statementTimeoutMs: 60_000, poolSize: 2 });
try {
  console.log(`filling ${rows.toLocaleString("en")} rows…`);
  await connection.sql.unsafe(`
    create table events (id bigint primary key, kind text not null, at timestamptz not null, body jsonb);
    insert into events select g, 'k' || (g % 10), now() - g * interval '1 second', jsonb_build_object('n', g)
      from generate_series(1, ${rows}) g;
    create index events_at on events (at);
    analyze events;`);
  const detail = await readTableDetail(connection, "public", "events");
  if (!detail) throw new Error("no table");
  const key = choosePagingKey({ ...detail, engine: "postgres" });
  const page = (cursor: string | null, sort: { column: string; desc: boolean } | null = null) =>
    readRows(connection, detail, key, {
      filters: [],
      sort,
      cursor: cursor ? decodeRowCursor(cursor) : null,
      limit: 50,
    });
  const depth = Math.floor(rows / 2);
  const deep = encodeRowCursor({ values: [String(depth)], direction: "after" });
  const first = await time(() => page(null));
  const deepKeyset = await time(() => page(deep));
  const deepBackwards = await time(() =>
    page(encodeRowCursor({ values: [String(depth)], direction: "before" })),
  );
  const sortedFirst = await time(() => page(null, { column: "at", desc: true }));
  const offset = await time(
    () => connection.sql.unsafe(`select * from events order by id limit 50 offset ${depth}`),
    3,
  );
  const filtered = await time(() =>
    readRows(connection, detail, key, {
      filters: [{ column: "kind", op: "eq", value: "k3" }],
      sort: null,
      cursor: decodeRowCursor(deep),
      limit: 50,
    }),
  );
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`rows in table:                      ${rows.toLocaleString("en")}`);
  console.log(`first page (50 rows, by id):         ${ms(first)}`);
  console.log(`page ${depth.toLocaleString("en")} rows deep, forwards:   ${ms(deepKeyset)}`);
  console.log(`page ${depth.toLocaleString("en")} rows deep, backwards:  ${ms(deepBackwards)}`);
  console.log(`deep page, filtered kind = k3:       ${ms(filtered)}`);
  console.log(`first page sorted by at desc:        ${ms(sortedFirst)}`);
  console.log(
    `OFFSET ${depth.toLocaleString("en")} baseline:           ${ms(offset)} (${(offset / deepKeyset).toFixed(0)}× the keyset page)`,
  );
} finally {
  await closeConnection(connection);
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
