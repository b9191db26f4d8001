import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import { bearer, viewerToken } from "../support/accounts";
import { E2E_BASE_URL } from "../support/base-url";
import { connect, demoHomeUrl } from "../support/demo-databases";
import { type ExtraServer, startExtraServer } from "../support/extra-server";
import { operationOf, startBulkRetry } from "../support/fault-instance";
import { createMarieQueue, type MarieQueue } from "../support/marie-queue";
import { extraPort } from "../support/ports";

interface AuditEvent {
  id: number;
  at: string;
  actorName: string;
  ip: string | null;
  target: string | null;
  system: string | null;
  action: string;
  objects: Record<string, unknown> | null;
  outcome: string;
  changed: number | null;
  before: { state?: string } | null;
  after: { state?: string } | null;
}

/**
 * Two app instances on the same home and target databases: A (started here, named instance-a)
 * and B (the e2e server). A session made on one works on the other and ends on both; a bulk
 * operation started on A shows its progress on B and is worked by both instances' workers, each
 * job changed once; actions on A and B land in one audit log, in order, the same from either.
 */
test.describe("two instances behind one load balancer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  const JOBS = 400;
  const B = E2E_BASE_URL;
  let a: ExtraServer;
  let queue: MarieQueue;
  let home: postgres.Sql;

  test.beforeAll(async () => {
    queue = await createMarieQueue("e2e_instances", JOBS);
    // Small, spaced batches, so that the operation lasts long enough for both workers to join.
    a = await startExtraServer(
      extraPort(4),
      (config) => {
        const targets = config.targets as { id: string; bulk?: unknown }[];
        const marie = targets.find((target) => target.id === "marie");
        if (!marie) throw new Error("no marie target in the e2e config");
        marie.bulk = { batchSize: 10, pauseMs: 250 };
      },
      { env: { SWITCHYARD_INSTANCE: "instance-a" } },
    );
    home = connect(demoHomeUrl());
  });

  test.afterAll(async () => {
    await home?.end();
    await a?.stop();
    await queue?.remove();
  });

  test("share sessions, bulk work and one audit log", async ({ page }) => {
    const since = new Date(Date.now() - 1_000).toISOString();

    // Signed in on A, the same cookie works on B.
    await page.goto(`${a.url}/sign-in`);
    await page.getByLabel("Name").fill("operator");
    await page.getByLabel("Password").fill("operator-demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    const [session] = (await page.context().cookies(a.url)).filter(
      (cookie) => cookie.name === "switchyard_session",
    );
    if (!session) throw new Error("no session cookie after signing in on A");
    const cookie = `switchyard_session=${session.value}`;
    expect((await page.request.get(`${B}/api/queues`, { headers: { cookie } })).status()).toBe(200);
    await page.goto(`${B}/stuck`);
    await expect(page.getByRole("heading", { level: 1, name: "Stuck tasks" })).toBeVisible();

    // A bulk retry started on A, watched on B while it runs.
    const started = await startBulkRetry(page.request, a.url, queue.name, JOBS, { cookie });
    expect(started.status()).toBe(200);
    const { operationId } = ((await started.json()) as { data: { operationId: string } }).data;
    await page.goto(`${B}/operations/${operationId}`);
    const progress = page.getByRole("region", { name: "Progress" });
    const bar = progress.getByRole("progressbar", { name: "Progress" });
    await expect(bar).toHaveAttribute("aria-valuemax", String(JOBS));
    await expect
      .poll(
        async () => {
          const processed = Number(await bar.getAttribute("aria-valuenow"));
          const running = await progress.getByText("running", { exact: true }).isVisible();
          return running && processed > 0 && processed < JOBS;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect(progress.getByText("done", { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(bar).toHaveAttribute("aria-valuenow", String(JOBS));
    expect(await operationOf(page.request, a.url, operationId, { cookie })).toMatchObject({
      status: "done",
      changed: JOBS,
      skipped: 0,
      failed: 0,
    });

    // Both instances' workers took batches; each job was changed once.
    const batches = await home<{ status: string; changed: number; by: string }[]>`
      select status, changed, processed_by as by from switchyard.bulk_operation_batches
      where operation_id = ${operationId}`;
    expect(batches.every((batch) => batch.status === "committed")).toBe(true);
    expect(batches.reduce((sum, batch) => sum + batch.changed, 0)).toBe(JOBS);
    const workers = new Set(batches.map((batch) => batch.by.split(":").slice(0, 2).join(":")));
    expect(workers.size).toBe(2);
    expect([...workers].some((worker) => worker === `instance-a:${a.pid}`)).toBe(true);
    const items = await home<{ outcome: string; batches: number; n: number }[]>`
      select outcome, count(distinct batch)::int as batches, count(*)::int as n
      from switchyard.bulk_operation_items where operation_id = ${operationId} group by outcome`;
    expect(items).toEqual([{ outcome: "changed", batches: batches.length, n: JOBS }]);
    const retried = await queue.retriesRecorded();
    expect(retried.size).toBe(JOBS);
    expect([...retried.values()].every((times) => times === 1)).toBe(true);

    // One job cancelled on B, then retried on A.
    const [jobId] = queue.jobIds;
    const act = async (base: string, action: "cancel" | "retry") => {
      const read = await page.request.get(`${base}/api/jobs/marie/marie/${jobId}`, {
        headers: { cookie },
      });
      const { job } = (await read.json()) as { job: { rawState: string; version: string } };
      const response = await page.request.post(
        `${base}/api/jobs/marie/marie/${jobId}/actions/${action}`,
        {
          headers: { cookie, origin: base },
          data: { source: "job", seenState: job.rawState, seenVersion: job.version },
        },
      );
      expect(response.status()).toBe(200);
    };
    await act(B, "cancel");
    await act(a.url, "retry");

    // Signed out on B, the session is over on A too.
    await page.goto(`${B}/`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await page.request.get(`${a.url}/api/queues`, { headers: { cookie } })).status()).toBe(
      401,
    );

    // One audit log, read the same from either instance, in the order things happened.
    const auditOf = async (base: string) => {
      const response = await page.request.get(
        `${base}/api/audit?format=json&from=${encodeURIComponent(since)}`,
        { headers: bearer(viewerToken()) },
      );
      expect(response.status()).toBe(200);
      return ((await response.json()) as AuditEvent[]).reverse();
    };
    const events = await auditOf(a.url);
    expect(await auditOf(B)).toEqual(events);
    expect(
      events.map((event) => [
        event.action,
        event.actorName,
        event.outcome,
        event.objects?.operationId ?? event.objects?.jobId ?? null,
        event.before?.state ?? null,
        event.after?.state ?? null,
        event.changed,
      ]),
    ).toEqual([
      ["auth.sign_in", "operator", "ok", null, null, null, null],
      ["bulk.start", "operator", "ok", operationId, null, null, null],
      ["bulk.finished", "bulk worker", "ok", operationId, null, null, JOBS],
      ["jobs.act", "operator", "ok", jobId, "created", "cancelled", 1],
      ["jobs.act", "operator", "ok", jobId, "cancelled", "created", 1],
      ["auth.sign_out", "operator", "ok", null, null, null, null],
    ]);
    const times = events.map((event) => new Date(event.at).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const byOperator = events.filter((event) => event.actorName === "operator");
    expect(new Set(byOperator.map((event) => event.ip))).toEqual(new Set(["127.0.0.1"]));
    const onMarie = events.filter((event) => !event.action.startsWith("auth."));
    expect(onMarie.map((event) => [event.target, event.system])).toEqual(
      onMarie.map(() => ["marie", "marie"]),
    );
  });
});
