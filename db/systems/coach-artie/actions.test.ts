import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { testTarget } from "@/test/target-config";
import { processItems } from "../../bulk/process-items";
import { snapshotScope } from "../../bulk/scope";
import type { JobAction } from "../../jobs/job-action";
import type { JobSource } from "../../jobs/job-source";
import { findStuck } from "../../stuck/find-stuck";
import { closeConnection, connectPostgres, type PostgresConnection } from "../../targets/connect";
import { discoverSystems } from "../discover";
import { readSql } from "../fixture";
import { instanceOf, sourceOf } from "../testing/adapter-harness";

let database: TestDatabase;
let connection: PostgresConnection;
let source: JobSource;
const author = { name: "tester", reason: null };

beforeAll(async () => {
  database = await createTestDatabase("coach_artie_actions");
  connection = connectPostgres(database.url, { statementTimeoutMs: 10_000, poolSize: 6 });
  await connection.sql.unsafe(readSql(new URL("./fixture/", import.meta.url).href, "schema.sql"));
  source = sourceOf(
    instanceOf(await discoverSystems(testTarget({ url: database.url }), connection), "coach-artie"),
    "queue",
  );
});

afterAll(async () => {
  await closeConnection(connection);
  await database.drop();
});

function action(code: string): JobAction {
  const found = source.actions?.supported.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

describe("coach-artie actions", () => {
  it("declares retry and skip, and says why there is no cancel", () => {
    expect(source.actions?.supported.map((candidate) => candidate.code)).toEqual(["retry", "skip"]);
    expect(action("retry").writes).toBe(
      "status = 'pending', completed_at = null, error_message = null, responded = false",
    );
    expect(source.actions?.unsupported).toEqual([
      { code: "cancel", why: "Coach Artie's queue has no cancelled state: skip the task instead." },
    ]);
  });

  it("finds a processing task stuck by its own 5-minute rule, measured from created_at", async () => {
    await connection.sql`
      insert into queue (status, task_type, created_at) values ('processing', 'calculate', now() - interval '47 minutes')`;
    const stuck = await findStuck(connection, source, ["calculate"], () => 300);
    const running = stuck.jobs.find((job) => job.code === "running_too_long");
    expect(running?.explanation).toBe(
      "running for 47 min; threshold 5 min; measured from created_at because this system records no start time",
    );
    expect(running?.suggestedAction).toBe("retry");
    expect(stuck.counts).toContainEqual({
      queue: "calculate",
      code: "running_too_long",
      count: 1,
      exact: true,
    });
  });
});

describe("bulk retry and skip racing the queue processor", () => {
  it("never overwrites what the processor did, and accounts for every job in scope", async () => {
    await connection.sql`delete from queue`;
    await connection.sql`
      insert into queue (status, task_type, error_message, created_at)
      select case when g <= 200 then 'failed' else 'pending' end, 'race',
             case when g <= 200 then 'HTTP 503' end, now() - make_interval(secs => g)
      from generate_series(1, 300) g`;

    const retryScope = await snapshotScope(
      connection,
      source,
      action("retry"),
      { queue: "race", filter: { rawState: "failed" } },
      1000,
    );
    const skipScope = await snapshotScope(
      connection,
      source,
      action("skip"),
      { queue: "race", filter: { rawState: "pending" } },
      1000,
    );
    expect(retryScope).toHaveLength(200);
    expect(skipScope).toHaveLength(100);

    // The processor claims pending tasks (including ones the retry just re-queued) and completes them.
    const completedByWorker = new Set<string>();
    let running = true;
    const worker = (async () => {
      while (running) {
        await connection.sql.begin(async (tx) => {
          await tx`
            update queue set status = 'processing'
            where id in (select id from queue where task_type = 'race' and status = 'pending'
                         order by created_at limit 7 for update skip locked)`;
          const done = await tx<{ id: string }[]>`
            update queue set status = 'completed', completed_at = now(), responded = true
            where id in (select id from queue where task_type = 'race' and status = 'processing'
                         limit 5 for update skip locked)
            returning id`;
          for (const row of done) completedByWorker.add(row.id);
        });
      }
    })();

    const [retried, skipped] = await Promise.all([
      processItems(connection, source, action("retry"), retryScope, author, { batchSize: 17 }),
      processItems(connection, source, action("skip"), skipScope, author, { batchSize: 13 }),
    ]);
    running = false;
    await worker;

    expect(retried.changed.length + retried.skipped.length).toBe(200);
    expect(skipped.changed.length + skipped.skipped.length).toBe(100);
    expect(completedByWorker.size).toBeGreaterThan(0);

    const finals = new Map(
      (await connection.sql<{ id: string; status: string }[]>`select id, status from queue`).map(
        (row) => [row.id, row.status],
      ),
    );
    // Nothing the worker completed was reset or skipped afterwards by the console.
    for (const id of completedByWorker) expect(finals.get(id), id).toBe("completed");
    // Every job the console reported as skipped was left to whoever changed it first.
    for (const id of skipped.changed) expect(completedByWorker.has(id)).toBe(false);
    expect(skipped.changed.every((id) => finals.get(id) === "skipped")).toBe(true);
  });
});
