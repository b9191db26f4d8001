import { sql } from "drizzle-orm";
import type { CatalogTable } from "../../catalog/snapshot";
import { writtenNow } from "../../jobs/assign";
import { dialectFor } from "../../jobs/dialect";
import type { SourceActions } from "../../jobs/job-action";
import type { JobColumns } from "../../jobs/job-source";
import { standardActions } from "../../jobs/standard-actions";
import { ifPresent } from "../catalog-match";
import { acolibTables } from "./schema";

/**
 * Retry and cancel on `tasks`. Retry puts the task back to `pending` for any aco client to claim
 * and drops `session_id` from its metadata (the session no longer runs it; a claim writes its own);
 * cancel closes it as `cancelled`. There is no skipped state. Both also write updated_at, which the
 * system's trigger maintains anyway, so the console's own write bumps the row version even where
 * the trigger is missing. acolib keeps no history of task changes, so nothing else is written.
 */
export function taskActions(live: CatalogTable, columns: JobColumns): SourceActions {
  const { tasks } = acolibTables;
  const dialect = dialectFor("sqlite");
  const updatedAt = ifPresent(live, tasks.updatedAt);
  const metadata = ifPresent(live, tasks.metadata);
  const touched = [[updatedAt, writtenNow(dialect.now)]] as const;
  return standardActions({
    columns,
    dialect,
    retry: {
      toState: "pending",
      also: [
        [
          metadata,
          {
            // json_remove fails on text that is not JSON: such metadata is left as it is.
            sql: sql`case when json_valid(${sql.identifier(tasks.metadata.name)})
                          then json_remove(${sql.identifier(tasks.metadata.name)}, '$.session_id')
                          else ${sql.identifier(tasks.metadata.name)} end`,
            label: "metadata without session_id",
          },
        ],
        ...touched,
      ],
    },
    cancel: { toState: "cancelled", also: touched },
    skip: {
      unsupported:
        "acolib tasks have no skipped state (status allows pending, running, completed, failed, cancelled): cancel the task instead.",
    },
  });
}

/**
 * Tool executions are the record of a task's tool calls, written by the orchestrator as each call
 * runs and returns: changing a row neither stops the tool nor lets its task go on. Operators act
 * on the task.
 */
export const TOOL_EXECUTION_ACTIONS: SourceActions = {
  supported: [],
  unsupported: [
    {
      code: "retry",
      why: "A tool call is made again by its task's agent loop, not by rewriting this record: act on the task (retry it).",
    },
    {
      code: "cancel",
      why: "Marking this record would not stop the tool or its task: act on the task (cancel it).",
    },
    {
      code: "skip",
      why: "Tool executions have no skipped state, and a call is driven by its task: act on the task.",
    },
  ],
};
