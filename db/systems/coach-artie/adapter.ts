import { dialectFor } from "../../jobs/dialect";
import { standardActions } from "../../jobs/standard-actions";
import type { SystemAdapter } from "../adapter";
import { declaredStatesOf, describeMatch, findTable, idKindOf, ifPresent } from "../catalog-match";
import { coachArtieTables } from "./schema";

const REQUIRED = ["id", "status", "task_type", "created_at"] as const;

/** The Discord assistant's `queue`: pending → processing → completed | failed | skipped. */
export const coachArtieAdapter: SystemAdapter = {
  id: "coach-artie",
  name: "Coach Artie",
  engine: "postgres",
  // The schema document's own stuck query: processing and created more than 5 minutes ago.
  stuckThresholds: { running_too_long: 5 * 60 },

  detect(catalog, options) {
    const found = findTable(catalog, "queue", REQUIRED, options);
    if ("reason" in found) return { found: false, reason: found.reason };
    const { table } = found;
    const missing = table.columns.has("completed_at")
      ? []
      : ["queue.completed_at: no finish times, so no throughput"];
    return {
      found: true,
      detection: {
        system: "coach-artie",
        schema: table.schema,
        because: [
          describeMatch(
            table,
            [...REQUIRED, "payload", "error_message"].filter((c) => table.columns.has(c)),
            "status",
          ),
        ],
        missing,
        tables: { queue: table },
      },
    };
  },

  sources(detection) {
    const live = detection.tables.queue;
    if (!live) return [];
    const { queue } = coachArtieTables(detection.schema);
    const columns = {
      id: queue.id,
      state: queue.status,
      queue: queue.taskType,
      createdAt: queue.createdAt,
      finishedAt: ifPresent(live, queue.completedAt),
      error: ifPresent(live, queue.errorMessage),
      payload: ifPresent(live, queue.payload),
    };
    return [
      {
        id: "queue",
        label: "Background tasks",
        table: queue,
        columns,
        states: {
          raw: {
            pending: "waiting",
            processing: "running",
            completed: "succeeded",
            failed: "failed",
            skipped: "skipped",
          },
        },
        queues: { kind: "column" },
        declaredStates: declaredStatesOf(live, "status"),
        idKind: idKindOf(live, "id"),
        actions: standardActions({
          columns,
          dialect: dialectFor("postgres"),
          retry: { toState: "pending", also: [[ifPresent(live, queue.responded), false]] },
          skip: { toState: "skipped" },
          cancel: {
            unsupported: "Coach Artie's queue has no cancelled state: skip the task instead.",
          },
        }),
        notes: {
          startedAt:
            "This system records no start time: a task's running time is measured from created_at.",
        },
      },
    ];
  },
};
