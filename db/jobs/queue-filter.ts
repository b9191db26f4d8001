import { type SQL, sql } from "drizzle-orm";
import type { JobSource } from "./job-source";

/** How a NULL queue value is named in URLs and lists. */
export const NO_QUEUE = "(none)";

/** The expression naming each row's queue. */
export function queueExpression(source: JobSource): SQL {
  if (source.queues.kind === "single") return sql`${source.queues.name}`;
  return sql`coalesce(cast(${source.columns.queue} as text), ${NO_QUEUE})`;
}

/** Rows of one queue; undefined when the whole table is that queue. */
export function queuePredicate(source: JobSource, queue: string): SQL | undefined {
  if (source.queues.kind === "single") return undefined;
  const column = source.columns.queue;
  return queue === NO_QUEUE ? sql`${column} is null` : sql`${column} = ${queue}`;
}

export function and(...parts: (SQL | undefined)[]): SQL {
  const present = parts.filter((part): part is SQL => part !== undefined);
  return present.length === 0
    ? sql`true`
    : sql.join(
        present.map((part) => sql`(${part})`),
        sql` and `,
      );
}
