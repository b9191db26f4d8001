import { expect, test } from "@playwright/test";
import { type CuttableProxy, startCuttableProxy } from "../support/cuttable-proxy";
import { demoTargetUrl } from "../support/demo-databases";
import {
  type FaultInstance,
  OPERATOR,
  operationOf,
  startBulkRetry,
  startFaultInstance,
} from "../support/fault-instance";
import { createMarieQueue, type MarieQueue } from "../support/marie-queue";
import { extraPort } from "../support/ports";

/**
 * Marie goes away in the middle of a bulk retry: the operation pauses (page and API say so and
 * why), no job fails, a new mutation is refused clearly and changes nothing, and when Marie is
 * back the operation goes on by itself and every job is retried exactly once (Marie's own
 * history trigger shows one change per job). An instance of its own reaches Marie through a
 * proxy the test cuts.
 */
test.describe("a bulk operation during a target outage", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  const JOBS = 200;
  let proxy: CuttableProxy;
  let instance: FaultInstance;
  let queue: MarieQueue;

  test.beforeAll(async () => {
    queue = await createMarieQueue("e2e_outage", JOBS);
    const marie = new URL(demoTargetUrl("marie"));
    proxy = await startCuttableProxy(extraPort(2), {
      host: marie.hostname,
      port: Number(marie.port || 5432),
    });
    marie.host = `127.0.0.1:${proxy.port}`;
    instance = await startFaultInstance({
      port: extraPort(1),
      label: "outage",
      marieUrl: marie.toString(),
      bulk: { batchSize: 10, pauseMs: 200 },
    });
  });

  test.afterAll(async () => {
    await instance?.close();
    await proxy?.close();
    await queue?.remove();
  });

  test("pauses with the reason, fails nothing, and resumes by itself to change each job once", async ({
    page,
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
      .toBeGreaterThanOrEqual(30);

    await proxy.cut();
    await expect
      .poll(async () => (await operationOf(request, base, operationId)).status, {
        timeout: 20_000,
      })
      .toBe("paused");
    const paused = await operationOf(request, base, operationId);
    expect(paused.lastError).toMatch(/^Target "marie" could not be reached \(.+\)/);
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.failed).toBe(0);
    expect(paused.changed).toBeLessThan(JOBS);

    await page.setExtraHTTPHeaders(OPERATOR);
    await page.goto(`${base}/operations/${operationId}`);
    const progress = page.getByRole("region", { name: "Progress" });
    await expect(progress.getByText("paused", { exact: true })).toBeVisible();
    const banner = progress.getByRole("alert");
    await expect(banner).toContainText("Paused");
    await expect(banner).toContainText('Target "marie" could not be reached');
    await expect(banner).toContainText("no job is failed for it");

    // Another mutation meanwhile is refused, says why, and records nothing.
    const refused = await startBulkRetry(request, base, queue.name, JOBS);
    expect(refused.status()).toBe(503);
    const refusal = (await refused.json()) as { code: string; message: string };
    expect(refusal.code).toBe("target_unavailable");
    expect(refusal.message).toContain('Target "marie" could not be reached');
    const [recorded] = await instance.home<{ operations: number }[]>`
      select count(*)::int as operations from switchyard.bulk_operations`;
    expect(recorded?.operations).toBe(1);

    await proxy.restore();
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
      lastError: null,
      pausedAt: null,
    });
    await expect(progress.getByText("done", { exact: true })).toBeVisible();
    await expect(progress).toContainText(`${JOBS} of ${JOBS} processed`);

    const retried = await queue.retriesRecorded();
    expect(retried.size).toBe(JOBS);
    expect([...retried.values()].every((times) => times === 1)).toBe(true);
    expect(await queue.states()).toEqual({ created: JOBS });
  });
});
