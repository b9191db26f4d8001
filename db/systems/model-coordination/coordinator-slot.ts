import { sql } from "drizzle-orm";
import { queryRows } from "../../jobs/dialect";
import type { TargetConnection } from "../../targets/connect";
import type { Detection } from "../adapter";
import { ifPresent } from "../catalog-match";
import { modelsOf, textOf, timeOf } from "./explain-format";
import { modelCoordinationTables } from "./schema";

/** job_queue_state's one row: the job the coordinator lets run, and since when. */
export interface CoordinatorSlot {
  holder: string | null;
  holderType: string | null;
  models: string | null;
  since: string | null;
}

/** The slot, `null` when its table has no row, `undefined` when the table is not there. */
export async function readSlot(
  connection: TargetConnection,
  detection: Detection,
): Promise<CoordinatorSlot | null | undefined> {
  const live = detection.tables.job_queue_state;
  if (!live) return undefined;
  const { jobQueueState: slot } = modelCoordinationTables(detection.schema);
  const optional = (column: Parameters<typeof ifPresent>[1]) =>
    ifPresent(live, column) ?? sql`null`;
  // The table is meant to hold one row (CHECK id = 1); the lowest id is the one the worker reads.
  const [row] = await queryRows(
    connection,
    sql`select ${slot.activeJobId} as holder, ${optional(slot.activeJobType)} as holder_type,
               ${optional(slot.activeModels)} as models, ${optional(slot.startedAt)} as since
        from ${slot} order by ${slot.id} limit 1`,
  );
  if (!row) return null;
  return {
    holder: textOf(row.holder),
    holderType: textOf(row.holder_type),
    models: modelsOf(row.models),
    since: timeOf(slot.startedAt, row.since),
  };
}
