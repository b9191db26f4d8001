import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueTableConfig } from "@/lib/config/queue-table-schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { applicableActions } from "../../jobs/applicable-actions";
import { type ActionItem, applyAction } from "../../jobs/apply-action";
import { getJobRecord } from "../../jobs/get-job";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, sourceOf } from "../testing/adapter-harness";
import { WEBHOOK_QUEUE_CONFIG } from "./fixture";

const author = { name: "tester", reason: null };
const options = { lockTimeoutMs: 500 };
/** Marks a timestamp the action wrote as the database's `now()` (between before and after it ran). */
const NOW = "<now>";

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;

beforeAll(async () => {
  database = await createTestDatabase("generic_actions");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 4 });
  await connection.sql.unsafe(readSql(new URL("./fixture/", import.meta.url).href, "schema.sql"));
  source = await configured(WEBHOOK_QUEUE_CONFIG);
});

afterAll(async () => {
  if (connection) await closeConnection(connection);
  await database?.drop();
});

async function configured(config: QueueTableConfig): Promise<JobSource> {
  const target = testTarget({ url: database.url }, { queues: [config], detect: false });
  return sourceOf(instanceOf(await discoverSystems(target, connection), "generic"), config.id);
}

function action(code: string, from: JobSource = source): JobAction {
  const found = from.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

/** Inserts one delivery; `columns` are SQL expressions by column name. Returns its id. */
async function insertDelivery(columns: Record<string, string>): Promise<string> {
  const all: Record<string, string> = {
    event_type: "'invoice.paid'",
    endpoint_url: "'https://erp.example.com/hooks/billing'",
    payload: `'{"type": "invoice.paid", "amount_cents": 4200}'`,
    created_at: "now() - interval '2 hours'",
    ...columns,
  };
  const [row] = await connection.sql.unsafe<{ id: string }[]>(
    `insert into webhook_deliveries (${Object.keys(all).join(", ")})
     values (${Object.values(all).join(", ")}) returning id::text as id`,
  );
  if (!row) throw new Error("insert returned nothing");
  return row.id;
}

/** Every column of the delivery, as to_jsonb gives it (timestamps as ISO text). */
async function row(id: string): Promise<Record<string, unknown>> {
  const [found] = await connection.sql<{ row: Record<string, unknown> }[]>`
    select to_jsonb(d) as row from webhook_deliveries d where id = ${id}`;
  if (!found) throw new Error(`delivery ${id} not found`);
  return found.row;
}

async function attemptRows(id: string): Promise<number> {
  const [found] = await connection.sql<{ n: number }[]>`
    select count(*)::int as n from webhook_delivery_attempts where delivery_id = ${id}`;
  return found?.n ?? 0;
}

async function clock(): Promise<number> {
  const [found] = await connection.sql<{ at: string }[]>`select clock_timestamp()::text as at`;
  return Date.parse(found?.at ?? "");
}

async function seen(id: string): Promise<ActionItem> {
  const job = await getJobRecord(connection, source, id);
  return { id, seenState: job?.rawState ?? null, seenVersion: job?.version ?? null };
}

async function apply(code: string, items: ActionItem[], from: JobSource = source) {
  const result = await applyAction(connection, from, action(code, from), items, author, options);
  return Object.fromEntries(result.outcomes);
}

/**
 * Applies `code` to one delivery as the operator saw it just now, and returns exactly the columns
 * that changed, with their new values; a timestamp set to the action's `now()` reads NOW.
 */
async function written(code: string, id: string): Promise<Record<string, unknown>> {
  const before = await row(id);
  const item = await seen(id);
  const from = await clock();
  expect(await apply(code, [item])).toEqual({ [id]: "changed" });
  const to = await clock();
  const after = await row(id);
  const changed: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(after)) {
    if (JSON.stringify(value) === JSON.stringify(before[column])) continue;
    const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
    changed[column] = at >= from && at <= to ? NOW : value;
  }
  return changed;
}

// One delivery in each raw state, with every column an action could write set, so a write shows.
const LOCKED = {
  locked_by: "'webhook-worker-1'",
  locked_at: "now() - interval '20 minutes'",
};
const DEAD = {
  ...LOCKED,
  state: "'dead'",
  attempts: "8",
  max_attempts: "8",
  next_attempt_at: "now() - interval '30 minutes'",
  finished_at: "now() - interval '19 minutes'",
  last_error: "'HTTP 410 Gone from https://hooks.partner.example.org/in: endpoint removed'",
};
const QUEUED = { state: "'queued'", next_attempt_at: "now() - interval '1 minute'" };
const QUEUED_LATER = { state: "'queued'", next_attempt_at: "now() + interval '1 hour'" };
const FAILED_DUE = {
  state: "'failed'",
  attempts: "2",
  next_attempt_at: "now() - interval '1 minute'",
  locked_at: "now() - interval '10 minutes'",
  last_error: "'connect ETIMEDOUT 203.0.113.7:443 after 10000 ms'",
};
const FAILED_LATER = { ...FAILED_DUE, next_attempt_at: "now() + interval '15 minutes'" };
const SENDING = { ...LOCKED, state: "'sending'", attempts: "1" };
const DELIVERED = {
  state: "'delivered'",
  attempts: "1",
  locked_at: "now() - interval '1 hour'",
  finished_at: "now() - interval '59 minutes'",
};
const CLOSED = (state: string) => ({
  state: `'${state}'`,
  attempts: "3",
  next_attempt_at: "now() - interval '1 hour'",
  locked_at: "now() - interval '2 hours'",
  finished_at: "now() - interval '1 hour'",
  last_error: "'HTTP 503 Service Unavailable'",
});

describe("generic actions declared from the configuration", () => {
  it("supports retry, cancel and skip, each writing the first raw state mapped to its target", () => {
    expect(source.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
      "skip",
    ]);
    expect(source.actions?.unsupported).toEqual([]);
    // Both `queued` and `failed` map to waiting; retry writes the first one listed.
    expect(action("retry").writes).toBe(
      "state = 'queued', locked_at = null, finished_at = null, last_error = null, locked_by = null, next_attempt_at = now",
    );
    expect(action("retry").from).toEqual(["failed", "cancelled", "skipped", "running", "unknown"]);
    expect(action("cancel").writes).toBe(
      "state = 'cancelled', finished_at = now, locked_by = null",
    );
    expect(action("cancel").from).toEqual(["waiting", "scheduled", "blocked", "running"]);
    expect(action("skip").writes).toBe("state = 'skipped', finished_at = now, locked_by = null");
    expect(action("skip").from).toEqual(["waiting", "scheduled", "blocked", "running"]);
  });

  it("says skip is unsupported when the configuration maps no raw state to skipped", async () => {
    const { skipped: _skipped, ...states } = WEBHOOK_QUEUE_CONFIG.states;
    const noSkip = await configured({ ...WEBHOOK_QUEUE_CONFIG, states });
    expect(noSkip.actions?.supported.map((candidate) => candidate.code)).toEqual([
      "retry",
      "cancel",
    ]);
    expect(noSkip.actions?.unsupported).toEqual([
      { code: "skip", why: "The configuration maps no raw state to skipped." },
    ]);
  });

  it("writes whichever raw state the configuration lists first for waiting", async () => {
    const { queued, ...rest } = WEBHOOK_QUEUE_CONFIG.states;
    const failedFirst = await configured({
      ...WEBHOOK_QUEUE_CONFIG,
      states: { ...rest, queued: queued ?? "waiting" },
    });
    expect(action("retry", failedFirst).writes).toMatch(/^state = 'failed', /);
  });
});

describe("generic actions write exactly their columns", () => {
  it("retry puts a dead delivery back to queued, due now, with its lock, finish and error cleared", async () => {
    const id = await insertDelivery(DEAD);
    const history = await attemptRows(id);
    expect(await written("retry", id)).toEqual({
      state: "queued",
      locked_by: null,
      locked_at: null,
      finished_at: null,
      last_error: null,
      next_attempt_at: NOW,
    });
    // attempts (8 of 8) are kept: the configuration has no way to reset them.
    expect(await row(id)).toMatchObject({ attempts: 8, max_attempts: 8 });
    expect((await getJobRecord(connection, source, id))?.state).toBe("waiting");
    // Switchyard writes nothing to the configured history table.
    expect(await attemptRows(id)).toBe(history);
  });

  it("retry also applies to cancelled, skipped, sending and unmapped raw states", async () => {
    for (const columns of [CLOSED("cancelled"), CLOSED("skipped"), CLOSED("on_hold")]) {
      const id = await insertDelivery(columns);
      expect(await written("retry", id)).toEqual({
        state: "queued",
        locked_at: null,
        finished_at: null,
        last_error: null,
        next_attempt_at: NOW,
      });
    }
    const sending = await insertDelivery(SENDING);
    expect(await written("retry", sending)).toEqual({
      state: "queued",
      locked_by: null,
      locked_at: null,
      next_attempt_at: NOW,
    });
  });

  for (const code of ["cancel", "skip"] as const) {
    const raw = code === "cancel" ? "cancelled" : "skipped";
    it(`${code} closes a queued, a backing-off and a sending delivery now, keeping error and due time`, async () => {
      const queued = await insertDelivery(QUEUED);
      expect(await written(code, queued)).toEqual({ state: raw, finished_at: NOW });

      const failed = await insertDelivery(FAILED_LATER);
      expect((await getJobRecord(connection, source, failed))?.state).toBe("scheduled");
      expect(await written(code, failed)).toEqual({ state: raw, finished_at: NOW });
      expect(await row(failed)).toMatchObject({
        attempts: 2,
        last_error: "connect ETIMEDOUT 203.0.113.7:443 after 10000 ms",
      });

      const sending = await insertDelivery(SENDING);
      expect(await written(code, sending)).toEqual({
        state: raw,
        finished_at: NOW,
        locked_by: null,
      });
      // locked_at (the start role) is kept: cancel and skip do not clear the start.
      expect((await row(sending)).locked_at).not.toBeNull();
    });
  }
});

describe("generic actions apply only to the states they are declared for", () => {
  const ROWS: [string, Record<string, string>, string, string[]][] = [
    ["queued, due", QUEUED, "waiting", ["cancel", "skip"]],
    ["queued, due later", QUEUED_LATER, "scheduled", ["cancel", "skip"]],
    ["failed, due", FAILED_DUE, "waiting", ["cancel", "skip"]],
    ["failed, backing off", FAILED_LATER, "scheduled", ["cancel", "skip"]],
    ["sending", SENDING, "running", ["retry", "cancel", "skip"]],
    ["delivered", DELIVERED, "succeeded", []],
    ["dead", DEAD, "failed", ["retry"]],
    ["cancelled", CLOSED("cancelled"), "cancelled", ["retry"]],
    ["skipped", CLOSED("skipped"), "skipped", ["retry"]],
    ["on_hold (not in the mapping)", CLOSED("on_hold"), "unknown", ["retry"]],
  ];

  it("offers each action only on the states it applies to", async () => {
    for (const [label, columns, state, offered] of ROWS) {
      const id = await insertDelivery(columns);
      expect((await getJobRecord(connection, source, id))?.state, label).toBe(state);
      expect([...(await applicableActions(connection, source, id))].sort(), label).toEqual(
        [...offered].sort(),
      );
    }
  });

  it("skips and leaves untouched a delivery in a state the action does not apply to", async () => {
    for (const code of ["retry", "cancel", "skip"]) {
      const refused = ROWS.filter(([, , , offered]) => !offered.includes(code));
      expect(refused.length, code).toBeGreaterThan(0);
      for (const [label, columns] of refused) {
        const id = await insertDelivery(columns);
        const before = await row(id);
        expect(await apply(code, [await seen(id)]), `${code} on ${label}`).toEqual({
          [id]: "skipped",
        });
        expect(await row(id), `${code} on ${label}`).toEqual(before);
      }
    }
  });
});

describe("generic actions skip a delivery that changed between preview and action", () => {
  const cases: { code: string; columns: Record<string, string>; change: string; why: string }[] = [
    {
      code: "retry",
      columns: DEAD,
      change: "state = 'queued', next_attempt_at = now()",
      why: "someone re-queued it (state)",
    },
    {
      code: "retry",
      columns: DEAD,
      change: "last_error = 'HTTP 404 Not Found', attempts = attempts + 1",
      why: "it was re-run and died again (same state, new xmin)",
    },
    {
      code: "cancel",
      columns: QUEUED,
      change: "state = 'sending', locked_by = 'webhook-worker-2', locked_at = now()",
      why: "a worker claimed it (state)",
    },
    {
      code: "cancel",
      columns: QUEUED,
      change: 'payload = \'{"type": "invoice.paid", "amount_cents": 9900}\'',
      why: "its payload was edited (same state, new xmin)",
    },
    {
      code: "skip",
      columns: FAILED_LATER,
      change: "state = 'delivered', finished_at = now(), last_error = null",
      why: "the worker delivered it (state)",
    },
    {
      code: "skip",
      columns: FAILED_LATER,
      change: "attempts = attempts + 1, next_attempt_at = now() + interval '1 hour'",
      why: "it failed again and backs off longer (same state, new xmin)",
    },
  ];
  for (const { code, columns, change, why } of cases) {
    it(`${code}: ${why}`, async () => {
      const id = await insertDelivery(columns);
      const preview = await seen(id);
      await connection.sql.unsafe(`update webhook_deliveries set ${change} where id = ${id}`);
      const changed = await row(id);
      expect(await apply(code, [preview])).toEqual({ [id]: "skipped" });
      expect(await row(id)).toEqual(changed);
    });
  }

  it("changes the same delivery when it is seen again as it is now", async () => {
    const id = await insertDelivery(QUEUED);
    const stale = await seen(id);
    await connection.sql`update webhook_deliveries set next_attempt_at = now() where id = ${id}`;
    expect(await apply("skip", [stale])).toEqual({ [id]: "skipped" });
    expect(await apply("skip", [await seen(id)])).toEqual({ [id]: "changed" });
    expect((await row(id)).state).toBe("skipped");
  });
});

describe("what the compare-and-set cannot protect on a configured table", () => {
  it("a worker that finishes a sending delivery by id alone overwrites a retry of it", async () => {
    // The table has no fencing column (no lease epoch): the worker's late write lands on the
    // re-queued row, and whatever it wrote stands. The README warns about acting on `sending`.
    const id = await insertDelivery(SENDING);
    expect(await apply("retry", [await seen(id)])).toEqual({ [id]: "changed" });
    const late = await connection.sql`
      update webhook_deliveries set state = 'delivered', finished_at = now(), locked_by = null
      where id = ${id}`;
    expect(late.count).toBe(1);
    expect((await row(id)).state).toBe("delivered");
  });
});
