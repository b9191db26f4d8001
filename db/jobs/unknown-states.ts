import { sql } from "drizzle-orm";
import type { PostgresConnection } from "../targets/connect";
import { knownRawStates } from "./canonical-sql";
import { queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { qualifiedTableName } from "./table-name";

/**
 * True when no row can have a state the mapping does not know, decided without scanning: the
 * database declares only known values (enum or CHECK) on a NOT NULL column, or an index that leads
 * with the state column lists the values present in a few probes (a loose index scan).
 * False when unknown values exist or this cannot be told cheaply.
 */
export async function unknownStatesAbsent(
  connection: PostgresConnection,
  source: JobSource,
): Promise<boolean> {
  const known = new Set(knownRawStates(source));
  const state = source.columns.state;
  const declared = source.declaredStates?.values;
  if (state.notNull && declared?.every((value) => known.has(value))) return true;
  if (!(await hasLeadingIndex(connection, source))) return false;
  const table = source.table;
  const present = await queryRows(
    connection,
    sql`with recursive present(value) as (
          (select ${state} from ${table} where ${state} is not null order by ${state} limit 1)
          union all
          select (select ${state} from ${table} where ${state} > present.value
                  order by ${state} limit 1)
          from present where present.value is not null
        )
        select value::text as value from present where value is not null
        union all
        (select null from ${table} where ${state} is null limit 1)`,
  );
  return present.every((row) => row.value !== null && known.has(String(row.value)));
}

async function hasLeadingIndex(connection: PostgresConnection, source: JobSource) {
  const [row] = await queryRows(
    connection,
    sql`select exists (
          select 1 from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indrelid = to_regclass(${qualifiedTableName(source.table)})
            and a.attname = ${source.columns.state.name} and i.indpred is null
        ) as found`,
  );
  return row?.found === true;
}
