import { sql } from "drizzle-orm";
import type { ActionCode } from "@/lib/jobs/actions";
import type { TargetConnection } from "../targets/connect";
import { canonicalPredicate } from "./canonical-sql";
import { queryRows } from "./dialect";
import type { JobSource } from "./job-source";
import { and } from "./queue-filter";

/** Which of the source's actions apply to this job right now (its state, and each action's condition). */
export async function applicableActions(
  connection: TargetConnection,
  source: JobSource,
  jobId: string,
): Promise<Set<ActionCode>> {
  const actions = source.actions?.supported ?? [];
  if (actions.length === 0) return new Set();
  const checks = actions.map((action, index) => {
    const eligible = sql.join(
      action.from.map((state) => canonicalPredicate(source, state)),
      sql` or `,
    );
    return sql`case when ${and(sql`(${eligible})`, action.when)} then 1 else 0 end as ${sql.identifier(`a${index}`)}`;
  });
  const [row] = await queryRows(
    connection,
    sql`select ${sql.join(checks, sql`, `)} from ${source.table} where ${source.columns.id} = ${jobId}`,
  );
  return new Set(
    actions.flatMap((action, index) => (Number(row?.[`a${index}`]) === 1 ? [action.code] : [])),
  );
}
