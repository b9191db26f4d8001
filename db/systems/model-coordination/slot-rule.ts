import { type SQL, sql } from "drizzle-orm";
import { formatDuration as age } from "@/lib/format";
import { SUGGESTED_ACTIONS } from "@/lib/stuck/stuck-codes";
import type { CatalogTable } from "../../catalog/snapshot";
import { dialectFor } from "../../jobs/dialect";
import type { CustomRule } from "../../stuck/stuck-rule";
import { ifPresent } from "../catalog-match";
import { aliased, type Coordination, finishedRaw, recordedIdAs } from "./context";
import { finishedPhrase } from "./explain-format";
import { heldSince } from "./slot";
import { EXECUTION_STATES, JOB_STATES } from "./states";

const postgres = dialectFor("postgres");
const JOB = "holder_job";
const EXECUTION = "holder_execution";

function inList(column: SQL, values: readonly string[]): SQL {
  return sql`${column} in (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/**
 * coordinator_slot_stale: job_queue_state names a job (or workflow execution) that has finished
 * or does not exist (stale at once: the coordinator releases the slot when its job completes), or
 * one that has held the slot longer than the threshold. The stuck "job" is the id the slot names;
 * since is when the holder finished, else when the slot was taken (started_at, else last_updated).
 * `version` is the holder job's xmin, for a compare-and-set from the stuck list.
 */
export function slotStaleRule(coordination: Coordination, live: CatalogTable): CustomRule {
  const { jobs, workflowExecutions: executions, jobQueueState: slot } = coordination.tables;
  const held = heldSince(coordination, live);
  const execution = coordination.executions;
  const jobFinishedAt = coordination.jobs.columns.has(jobs.completedAt.name)
    ? aliased(JOB, jobs.completedAt)
    : sql`cast(null as timestamptz)`;
  const executionLastWrite = execution?.live.columns.has(executions.updatedAt.name)
    ? aliased(EXECUTION, executions.updatedAt)
    : sql`cast(null as timestamptz)`;

  const jobFound = sql`${aliased(JOB, jobs.jobId)} is not null`;
  const executionFound = execution
    ? sql`${aliased(EXECUTION, executions.id)} is not null`
    : sql`false`;
  const finished = sql`(coalesce(${inList(aliased(JOB, jobs.status), finishedRaw(JOB_STATES))}, false)
    or (not ${jobFound} and ${
      execution
        ? sql`coalesce(${inList(aliased(EXECUTION, executions.status), finishedRaw(EXECUTION_STATES))}, false)`
        : sql`false`
    }))`;
  const gone = sql`(not ${jobFound} and not ${executionFound})`;
  const finishedAt = sql`(case when ${jobFound} then ${jobFinishedAt} else ${executionLastWrite} end)`;
  const since = sql`(case when ${finished} then coalesce(${finishedAt}, ${held}) else ${held} end)`;
  const holderType = ifPresent(live, slot.activeJobType);
  const executionJoin = execution
    ? sql`left join ${executions} as ${sql.identifier(EXECUTION)}
            on not ${jobFound}
           and ${aliased(EXECUTION, executions.id)} = ${recordedIdAs(execution.idKind, slot.activeJobId)}`
    : sql``;

  return {
    kind: "custom",
    code: "coordinator_slot_stale",
    rows: (threshold) => sql`
      select cast(${slot.activeJobId} as text) as id,
             coalesce(${aliased(JOB, jobs.jobType)},
                      ${execution ? sql`case when ${executionFound} then 'workflow' end` : sql`null`},
                      ${holderType ?? sql`null`}, 'unknown') as queue,
             ${
               execution
                 ? sql`coalesce(${aliased(JOB, jobs.status)}, ${aliased(EXECUTION, executions.status)})`
                 : aliased(JOB, jobs.status)
             } as raw_state,
             ${since} as since,
             cast(${sql.identifier(JOB)}.xmin as text) as version,
             ${postgres.nowEpoch} - ${postgres.epoch(since)} as age,
             (case when ${jobFound} then 'job' when ${executionFound} then 'workflow execution' end) as kind,
             ${finished} as finished,
             ${postgres.nowEpoch} - ${postgres.epoch(held)} as held,
             ${postgres.nowEpoch} - ${postgres.epoch(finishedAt)} as finished_ago
      from ${slot}
      left join ${jobs} as ${sql.identifier(JOB)}
        on ${aliased(JOB, jobs.jobId)} = ${recordedIdAs(coordination.jobsIdKind, slot.activeJobId)}
      ${executionJoin}
      where ${slot.activeJobId} is not null
        and (${finished} or ${gone} or ${postgres.olderThan(held, threshold)})
      order by ${slot.id}`,
    explain: (_seconds, threshold, row) => {
      const id = String(row.id);
      const what = row.kind ? `${String(row.kind)} ${id}` : id;
      const holding =
        row.held === null || row.held === undefined
          ? `names ${what}`
          : `has been held for ${age(Number(row.held))} by ${what}`;
      const state = !row.kind
        ? "which is no job or workflow execution here"
        : row.finished
          ? `which ${finishedPhrase(row.raw_state, row.finished_ago)}`
          : `which is ${row.raw_state === "running" ? "still running" : `${String(row.raw_state)}`}; threshold ${age(threshold)}`;
      return `the coordinator slot ${holding} ${state}; every normal job waits behind it`;
    },
    suggestedAction: SUGGESTED_ACTIONS.coordinator_slot_stale,
  };
}
