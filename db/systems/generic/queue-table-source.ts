import type { SQL } from "drizzle-orm";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import type { JobState } from "@/lib/jobs/job-state";
import type { Refinement } from "@/lib/jobs/state-mapping";
import { type CatalogSnapshot, tableIn } from "../../catalog/snapshot";
import { dialectFor } from "../../jobs/dialect";
import type { HistorySource, JobColumns, JobRole, JobSource } from "../../jobs/job-source";
import { type StandardActionSpec, standardActions } from "../../jobs/standard-actions";
import { declaredStatesOf, idKindOf } from "../catalog-match";
import { dynamicTable } from "./dynamic-table";

const ROLE_KEYS = {
  queue: "queueColumn",
  type: "typeColumn",
  startedAt: "startedAt",
  finishedAt: "finishedAt",
  heartbeatAt: "heartbeatAt",
  leaseOwner: "leaseOwner",
  leaseExpiresAt: "leaseExpiresAt",
  runAfter: "runAfter",
  error: "error",
  attempts: "attempts",
  maxAttempts: "maxAttempts",
  payload: "payload",
  result: "result",
} as const satisfies Partial<Record<JobRole, keyof QueueTableConfig>>;

const TIME_ROLES = [
  "createdAt",
  "startedAt",
  "finishedAt",
  "heartbeatAt",
  "leaseExpiresAt",
  "runAfter",
];

export type ConfiguredSource =
  | { ok: true; source: JobSource; because: string }
  | { ok: false; problem: string };

/** Turns a `queues:` entry of the config into a job source, checking every column against the catalog. */
export function queueTableSource(
  config: QueueTableConfig,
  catalog: CatalogSnapshot,
  index: number,
): ConfiguredSource {
  const where = `queues[${index}] (${config.id})`;
  const [schema, name] = splitTableName(config.table, catalog.engine);
  const live = tableIn(catalog, schema, name);
  if (!live) return { ok: false, problem: `${where}: table ${schema}.${name} not found` };

  const roleColumns: Record<string, string> = {
    id: config.idColumn,
    state: config.stateColumn,
    createdAt: config.createdAt,
  };
  for (const [role, key] of Object.entries(ROLE_KEYS)) {
    const column = config[key];
    if (typeof column === "string") roleColumns[role] = column;
  }
  const missing = Object.entries(roleColumns).filter(([, column]) => !live.columns.has(column));
  if (missing.length > 0) {
    const list = missing.map(([role, column]) => `${column} (${role})`).join(", ");
    return { ok: false, problem: `${where}: ${schema}.${name} has no column ${list}` };
  }

  const times = new Set(
    TIME_ROLES.flatMap((role) => (roleColumns[role] ? [roleColumns[role]] : [])),
  );
  const built = dynamicTable(live, Object.values(roleColumns), times, catalog.engine);
  const columns = Object.fromEntries(
    Object.entries(roleColumns).map(([role, column]) => [role, built.column(column)]),
  ) as unknown as JobColumns;

  const history = historySource(config, catalog, where);
  if (!history.ok) return history;

  return {
    ok: true,
    because: `${schema}.${name}: described in the configuration as ${where}`,
    source: {
      id: config.id,
      label: config.name ?? config.id,
      table: built.table,
      columns,
      states: {
        raw: config.states,
        refinements: dueLaterRefinement(config, columns, catalog.engine),
      },
      queues: config.queueColumn ? { kind: "column" } : { kind: "single", name: config.id },
      declaredStates: declaredStatesOf(live, config.stateColumn),
      idKind: idKindOf(live, config.idColumn),
      actions: configuredActions(config, columns, catalog.engine),
      ...(history.source ? { history: history.source } : {}),
    },
  };
}

/**
 * With a due-time column, a row whose raw state means "waiting" but whose due time is still
 * ahead is scheduled, not waiting: the one refinement every configured queue gets for free.
 */
function dueLaterRefinement(
  config: QueueTableConfig,
  columns: JobColumns,
  engine: "postgres" | "sqlite",
): Refinement<SQL>[] {
  const waiting = Object.entries(config.states).flatMap(([raw, state]) =>
    state === "waiting" ? [raw] : [],
  );
  if (!columns.runAfter || !config.runAfter || waiting.length === 0) return [];
  return [
    {
      from: waiting,
      to: "scheduled",
      when: dialectFor(engine).inFuture(columns.runAfter),
      because: `${config.runAfter} is in the future`,
    },
  ];
}

/** Retry, cancel and skip write the first raw state the configuration maps to waiting, cancelled, skipped. */
function configuredActions(
  config: QueueTableConfig,
  columns: JobColumns,
  engine: "postgres" | "sqlite",
) {
  const rawFor = (state: JobState): StandardActionSpec => {
    const raw = Object.entries(config.states).find(([, canonical]) => canonical === state)?.[0];
    return raw === undefined
      ? { unsupported: `The configuration maps no raw state to ${state}.` }
      : { toState: raw };
  };
  return standardActions({
    columns,
    dialect: dialectFor(engine),
    retry: rawFor("waiting"),
    cancel: rawFor("cancelled"),
    skip: rawFor("skipped"),
  });
}

function historySource(
  config: QueueTableConfig,
  catalog: CatalogSnapshot,
  where: string,
): { ok: true; source?: HistorySource } | { ok: false; problem: string } {
  const spec = config.history;
  if (!spec) return { ok: true };
  const [schema, name] = splitTableName(spec.table, catalog.engine);
  const live = tableIn(catalog, schema, name);
  if (!live) return { ok: false, problem: `${where}: history table ${schema}.${name} not found` };
  const named = [
    spec.jobIdColumn,
    spec.atColumn,
    spec.stateColumn,
    spec.eventColumn,
    ...(spec.detailColumns ?? []),
  ];
  const wanted = named.filter((column): column is string => column !== undefined);
  const absent = wanted.filter((column) => !live.columns.has(column));
  if (absent.length > 0) {
    return {
      ok: false,
      problem: `${where}: history table ${schema}.${name} has no column ${absent.join(", ")}`,
    };
  }
  const built = dynamicTable(live, wanted, new Set([spec.atColumn]), catalog.engine);
  const source: HistorySource = {
    table: built.table,
    label: `${schema}.${name}`,
    jobId: built.column(spec.jobIdColumn),
    at: built.column(spec.atColumn),
    ...(spec.stateColumn ? { state: built.column(spec.stateColumn) } : {}),
    ...(spec.eventColumn ? { event: built.column(spec.eventColumn) } : {}),
    details: Object.fromEntries(
      (spec.detailColumns ?? []).map((column) => [column, built.column(column)]),
    ),
  };
  return { ok: true, source };
}

function splitTableName(qualified: string, engine: "postgres" | "sqlite"): [string, string] {
  const dot = qualified.indexOf(".");
  if (dot === -1) return [engine === "postgres" ? "public" : "main", qualified];
  return [qualified.slice(0, dot), qualified.slice(dot + 1)];
}
