import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import { connect, demoTargetUrl } from "../support/demo-databases";
import {
  type FaultInstance,
  operationOf,
  startBulkRetry,
  startFaultInstance,
} from "../support/fault-instance";
import { createMarieQueue, type MarieQueue } from "../support/marie-queue";
import { extraPort } from "../support/ports";

/**
 * The app process is killed (SIGKILL: no shutdown at all) in the middle of a bulk retry and
 * started again: the operation resumes and finishes, every job changed exactly once (Marie's
 * history trigger shows one retry per job; Switchyard's batches add up), and its end is audited
 * once. An instance of its own, with its own home database, so nothing else takes over.
 */
test.describe("an app killed in the middle of a bulk operation", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  const JOBS = 150;
  let instance: FaultInstance;
  let queue: MarieQueue;
  let marie: postgres.Sql;

  test.beforeAll(async () => {
    queue = await createMarieQueue("e2e_crash", JOBS, { slowWrites: true });
    instance = await startFaultInstance({
      port: extraPort(3),
      label: "crash",
      bulk: { batchSize: 10, pauseMs: 0 },
      instance: "crash-test",
    });
    marie = connect(demoTargetUrl("marie"));
  });

  test.afterAll(async () => {
    await marie?.end();
    await instance?.close();
    await queue?.remove();
  });

  test("resumes after a restart and finishes with every job changed exactly once", async ({
    request,
  }) => {
    const base = instance.server.url;
    const started = await startBulkRetry(request, base, queue.name, JOBS);
    expect(started.status()).toBe(200);
    const { operationId } = ((await started.json()) as { data: { operationId: string } }).data;
    await expect
      .poll(async () => (await operationOf(request, base, operationId)).changed, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(50);

    // Killed while its transaction on Marie is open, in the middle of a batch.
    await expect
      .poll(
        async () =>
          (
            await marie`select 1 from pg_stat_activity
                        where application_name = 'switchyard:crash-test' and wait_event = 'PgSleep'`
          ).length,
        { timeout: 10_000, intervals: [10] },
      )
      .toBe(1);
    const crashedPid = instance.server.pid;
    await instance.server.kill();
    const [interrupted] = await instance.home<{ status: string; changed: number }[]>`
      select status, changed from switchyard.bulk_operations where id = ${operationId}`;
    expect(interrupted?.status).toBe("running");
    expect(interrupted?.changed).toBeLessThan(JOBS);
    const held = await instance.home<{ batch: number }[]>`
      select batch from switchyard.bulk_operation_batches
      where operation_id = ${operationId} and status = 'claimed'
        and processed_by like ${`%:${crashedPid}:%`}`;
    expect(held).toHaveLength(1);

    await instance.server.restart();
    expect(instance.server.pid).not.toBe(crashedPid);
    // The new process goes on at once; the batch the dead one held comes back when its 15 s lease
    // lapses.
    await expect
      .poll(async () => (await operationOf(request, base, operationId)).status, {
        timeout: 60_000,
      })
      .toBe("done");
    expect(await operationOf(request, base, operationId)).toMatchObject({
      total: JOBS,
      changed: JOBS,
      skipped: 0,
      failed: 0,
    });

    const batches = await instance.home<
      { batch: number; status: string; changed: number; by: string }[]
    >`
      select batch, status, changed, processed_by as by from switchyard.bulk_operation_batches
      where operation_id = ${operationId}`;
    // The dead worker's batch went back when its lease lapsed; its jobs were done by another batch.
    expect(batches.find((batch) => batch.batch === held[0]?.batch)?.status).toBe("aborted");
    const committed = batches.filter((batch) => batch.status === "committed");
    expect(committed.reduce((sum, batch) => sum + batch.changed, 0)).toBe(JOBS);
    const workers = new Set(committed.map((batch) => batch.by));
    expect([...workers].some((by) => by.includes(`:${crashedPid}:`))).toBe(true);
    expect([...workers].some((by) => by.includes(`:${instance.server.pid}:`))).toBe(true);
    const items = await instance.home<{ outcome: string | null; n: number }[]>`
      select outcome, count(*)::int as n from switchyard.bulk_operation_items
      where operation_id = ${operationId} group by outcome`;
    expect(items).toEqual([{ outcome: "changed", n: JOBS }]);

    const retried = await queue.retriesRecorded();
    expect(retried.size).toBe(JOBS);
    expect([...retried.values()].every((times) => times === 1)).toBe(true);
    expect(await queue.states()).toEqual({ created: JOBS });

    const ends = await instance.home<{ action: string; changed: number }[]>`
      select action, changed from switchyard.audit_events
      where action like 'bulk.%' and objects ->> 'operationId' = ${operationId}
      order by id`;
    expect(ends).toEqual([
      { action: "bulk.start", changed: null },
      { action: "bulk.finished", changed: JOBS },
    ]);
  });
});
