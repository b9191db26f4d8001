import { z } from "zod";
import { JOB_STATES } from "../jobs/job-state";

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
  error: "expected a column name (letters, digits, _ and $)",
});

const tableName = z
  .string()
  .regex(/^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
    error: "expected a table name, optionally schema-qualified (schema.table)",
  });

/**
 * A queue table no built-in adapter knows, described column by column. Every column is checked
 * against the live catalog when the target is inspected.
 */
export const queueTableSchema = z.strictObject({
  /** Queue id (URLs, API) when there is no queueColumn; the table's id within the target otherwise. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    error: "expected lowercase letters, digits, '-' or '_'",
  }),
  name: z.string().min(1).optional(),
  table: tableName,
  idColumn: identifier,
  stateColumn: identifier,
  /** raw state → canonical state; values not listed show as `unknown`. */
  states: z.record(
    z.string().min(1),
    z.enum(JOB_STATES, { error: `expected one of ${JOB_STATES.join(", ")}` }),
  ),
  queueColumn: identifier.optional(),
  typeColumn: identifier.optional(),
  createdAt: identifier,
  startedAt: identifier.optional(),
  finishedAt: identifier.optional(),
  heartbeatAt: identifier.optional(),
  leaseOwner: identifier.optional(),
  leaseExpiresAt: identifier.optional(),
  runAfter: identifier.optional(),
  error: identifier.optional(),
  attempts: identifier.optional(),
  maxAttempts: identifier.optional(),
  payload: identifier.optional(),
  result: identifier.optional(),
  history: z
    .strictObject({
      table: tableName,
      jobIdColumn: identifier,
      atColumn: identifier,
      stateColumn: identifier.optional(),
      eventColumn: identifier.optional(),
      detailColumns: z.array(identifier).max(20).optional(),
    })
    .optional(),
});

export type QueueTableConfig = z.infer<typeof queueTableSchema>;

/** Per built-in system: `false` disables it; an object forces it (with options) even without detection. */
export const systemOverrideSchema = z.union([
  z.literal(false),
  z.strictObject({ schema: identifier.optional() }),
]);

export type SystemOverride = z.infer<typeof systemOverrideSchema>;
