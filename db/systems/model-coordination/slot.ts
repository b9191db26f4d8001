import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { ActionRefusal } from "../../actions/action-refusal";
import type { CatalogTable } from "../../catalog/snapshot";
import { type Assignment, assignments, describeAssignments, writtenNow } from "../../jobs/assign";
import { dialectFor } from "../../jobs/dialect";
import type { JobAction } from "../../jobs/job-action";
import { ifPresent } from "../catalog-match";
import { type Coordination, finishedRaw, type IdKind, jsonb, recordedIdAs } from "./context";
import { appendLog, operatorMetadata } from "./operator-log";
import { JOB_STATES } from "./states";

const postgres = dialectFor("postgres");

/** The slot row names the job or execution whose id is `id` (a column of the outer query). */
export function holdsSlot(coordination: Coordination, id: AnyColumn, idKind: IdKind): SQL {
  const { jobQueueState: slot } = coordination.tables;
  return sql`exists (select 1 from ${slot} where ${recordedIdAs(idKind, slot.activeJobId)} = ${id})`;
}

/** Since when the slot has been held: started_at, else last_updated (the columns 027 has). */
export function heldSince(coordination: Coordination, live: CatalogTable): SQL {
  const { jobQueueState: slot } = coordination.tables;
  const times = [ifPresent(live, slot.startedAt), ifPresent(live, slot.lastUpdated)].filter(
    (column): column is NonNullable<typeof column> => column !== undefined,
  );
  if (times.length === 0) return sql`cast(null as timestamptz)`;
  return sql`coalesce(${sql.join(
    times.map((column) => sql`${column}`),
    sql`, `,
  )})`;
}

/** What clearing writes to job_queue_state: the coordinator's own release (on_job_complete). */
function clearedSlot(coordination: Coordination, live: CatalogTable): Assignment[] {
  const { jobQueueState: slot } = coordination.tables;
  return [
    [slot.activeJobId, null],
    [ifPresent(live, slot.activeJobType), null],
    [ifPresent(live, slot.activeModels), { sql: jsonb([]), label: "'[]'" }],
    [ifPresent(live, slot.startedAt), null],
    [ifPresent(live, slot.lastUpdated), writtenNow(postgres.now)],
  ];
}

/**
 * Clear coordinator slot, as a job action on the job the slot names: the job must be the one
 * job_queue_state.active_job_id names, and have finished or have held the slot longer than
 * `thresholdSeconds`. The UPDATE of the job is a no-op (status = status) so the engine's
 * compare-and-set and row lock apply to it; `record` then clears the slot row, compare-and-set
 * on the row still naming this job, and refuses the whole action (rolling the no-op back) when
 * it cannot: "changed" always means the slot was cleared.
 */
export function clearSlotAction(
  coordination: Coordination,
  live: CatalogTable,
  thresholdSeconds: number,
): JobAction {
  const { jobs, jobQueueState: slot } = coordination.tables;
  const cleared = clearedSlot(coordination, live);
  const finished = sql`${jobs.status} in (${sql.join(
    finishedRaw(JOB_STATES).map((raw) => sql`${raw}`),
    sql`, `,
  )})`;
  const since = heldSince(coordination, live);
  const holderType = ifPresent(live, slot.activeJobType);
  const models = ifPresent(live, slot.activeModels);
  return {
    code: "clear_coordinator_slot",
    writes: `job_queue_state, only while its row still names this job: ${describeAssignments(cleared)}; the job's own row is left as it is; appends a 'slot_cleared' event to job_queue_log`,
    from: [
      "waiting",
      "scheduled",
      "running",
      "blocked",
      "succeeded",
      "failed",
      "cancelled",
      "unknown",
    ],
    when: sql`exists (select 1 from ${slot}
                      where ${recordedIdAs(coordination.jobsIdKind, slot.activeJobId)} = ${jobs.jobId}
                        and (${finished} or ${postgres.olderThan(since, thresholdSeconds)}))`,
    set: assignments([[jobs.status, { sql: sql`${jobs.status}`, label: "status" }]]),
    async record(tx, jobIds, author) {
      for (const jobId of jobIds) {
        // SKIP LOCKED: the coordinator locks the slot before the job; waiting for it here while
        // holding the job would deadlock, so a busy slot refuses instead.
        const held = await tx.rows(sql`
          select ${slot.id} as slot_id, cast(${slot.activeJobId} as text) as holder
          from ${slot}
          where ${recordedIdAs(coordination.jobsIdKind, slot.activeJobId)} = ${jobId}
          for update skip locked`);
        if (held.length === 0) {
          throw new ActionRefusal(
            "changed",
            "The coordinator slot no longer names this job, or the coordinator is using it right now; nothing was done.",
          );
        }
        for (const row of held) {
          // The event first: it reads what the slot held (type, models, since when).
          await appendLog(
            tx,
            coordination,
            "slot_cleared",
            {
              jobId: sql`cast(${slot.activeJobId} as text)`,
              jobType: sql`coalesce(${holderType ?? sql`null`}, (select case when ${jobs.jobType} = 'workflow' then 'workflow' else 'normal' end from ${jobs} where ${jobs.jobId} = ${jobId}))`,
              models: models ? sql`${models}` : sql`null`,
              metadata: sql`${jsonb(operatorMetadata(author))} || jsonb_build_object('held_since', ${since})`,
            },
            sql`from ${slot} where ${slot.id} = ${row.slot_id}`,
          );
          await tx.rows(sql`
            update ${slot} set ${assignments(cleared)}
            where ${slot.id} = ${row.slot_id} and ${slot.activeJobId} = ${row.holder}`);
        }
      }
    },
  };
}
