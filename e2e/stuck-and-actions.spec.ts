import { expect, type Page, test } from "@playwright/test";
import { OverviewPage } from "./pages/overview-page";
import { bearer, cookieOf, signedInAs, viewerToken } from "./support/accounts";
import { type ExtraServer, startExtraServer } from "./support/extra-server";
import { actionId, callAction } from "./support/server-actions";

const QUEUE_ACTIONS = "app/(console)/queues/actions.ts";
const WEBHOOKS = "/queues/billing/generic/webhooks";

/** Jobs of a queue through the API, as a script would list them. */
async function jobsOf(page: Page, path: string, query: string) {
  const response = await page.request.get(`/api${path}/jobs?${query}`, {
    headers: bearer(viewerToken()),
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { jobs: { id: string; rawState: string }[] }).jobs;
}

test.describe("an operator", () => {
  test.use({ storageState: signedInAs("operator") });

  test("opens a stuck task from the overview, reads why, retries it, and it leaves the stuck list", async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open();
    const marie = overview.system("Marie scheduler", "marie");
    await overview
      .queueRow(marie, "extract")
      .getByRole("link", { name: /^Stuck in extract/ })
      .click();
    await expect(page).toHaveURL(/\/stuck\?.*queue=extract/);

    const group = page.getByRole("region", { name: "running_too_long in extract" });
    const row = group.getByRole("row").filter({ hasText: "past its expire_in" });
    await expect(row).toContainText(
      /running for \d+ h.*Marie's monitor has not expired it; threshold 30 min past expire_in/,
    );
    const jobId = ((await row.getByRole("link").textContent()) ?? "").trim();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await row.getByRole("link").click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Job ${jobId}`);
    const stuck = page.getByRole("region", { name: "Stuck" });
    await expect(stuck).toContainText("Running too long:");
    await expect(stuck).toContainText("Suggested: Retry.");

    await page
      .getByRole("region", { name: "Actions" })
      .getByRole("button", { name: "Retry", exact: true })
      .click();
    const dialog = page.getByRole("dialog", { name: `Retry job ${jobId}?` });
    await expect(dialog).toContainText("state = 'created'");
    await dialog.getByLabel(/^Reason/).fill("e2e: the worker on gpu-node-2 died");
    await dialog.getByRole("button", { name: "Retry job" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`Retry: job ${jobId} is now created`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Stuck" })).toHaveCount(0);

    await page.goto("/stuck?target=marie&queue=extract");
    await expect(page.getByRole("heading", { level: 1, name: "Stuck tasks" })).toBeVisible();
    await expect(page.getByRole("link", { name: jobId })).toHaveCount(0);

    await page.goto("/audit?action=jobs.act");
    const entry = page.getByRole("row").filter({ hasText: jobId });
    await expect(entry).toContainText("e2e: the worker on gpu-node-2 died");
    await expect(entry).toContainText("operator");
    await expect(entry).toContainText("1 changed");
  });

  test("bulk-skips a filtered set: preview, typed confirmation, progress to the end", async ({
    page,
  }) => {
    const scheduled = await jobsOf(page, WEBHOOKS, "state=scheduled&limit=500");
    expect(scheduled.length).toBeGreaterThan(100);

    await page.goto(`${WEBHOOKS}?state=scheduled`);
    const toolbar = page.getByRole("toolbar", { name: "Bulk actions" });
    await toolbar.getByLabel(/every job matching this filter/).check();
    await toolbar.getByRole("button", { name: "Skip…" }).click();

    const dialog = page.getByRole("dialog", { name: "Skip every job matching this filter" });
    await expect(dialog).toContainText(`${scheduled.length} jobs would be skipped`);
    await dialog.getByText("The first 20 of them").click();
    await expect(
      dialog.getByRole("list", { name: "Jobs in the preview" }).getByRole("listitem"),
    ).toHaveCount(20);
    const go = dialog.getByRole("button", { name: `Skip ${scheduled.length} jobs` });
    await expect(go).toBeDisabled();
    const typed = dialog.getByLabel("Number of jobs to confirm");
    await typed.fill(String(scheduled.length - 1));
    await expect(go).toBeDisabled();
    await typed.fill(String(scheduled.length));
    await dialog.getByLabel(/^Reason/).fill("e2e: the partner endpoint is retired");
    await go.click();

    await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/);
    const progress = page.getByRole("progressbar", { name: "Progress" });
    await expect(progress).toHaveAttribute("aria-valuemax", String(scheduled.length));
    await expect(page.getByText("done", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(progress).toHaveAttribute("aria-valuenow", String(scheduled.length));
    await expect(page.getByRole("region", { name: "Progress" })).toContainText(
      `changed ${scheduled.length}`,
    );

    expect(await jobsOf(page, WEBHOOKS, "state=scheduled")).toEqual([]);
    const skipped = await jobsOf(page, WEBHOOKS, "state=skipped&limit=500");
    const skippedIds = new Set(skipped.map((job) => job.id));
    expect(scheduled.every((job) => skippedIds.has(job.id))).toBe(true);

    await page.goto("/audit?action=bulk.finished");
    const finished = page.getByRole("row").filter({ hasText: "bulk worker" }).first();
    await expect(finished).toContainText(`${scheduled.length} changed · 0 skipped · 0 failed`);
    await finished.getByRole("link", { name: "Bulk operation" }).click();
    await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/);
  });
});

test.describe("a viewer", () => {
  test("sees no action buttons, and a direct call is refused", async ({ page, request }) => {
    await page.goto("/stuck?target=marie");
    await expect(page.getByRole("region", { name: /^Lease expired/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /Retry|Release lease|Cancel/ })).toHaveCount(0);

    const [failed] = await jobsOf(
      page,
      "/queues/coach-artie/coach-artie/calculate",
      "state=failed",
    );
    if (!failed) throw new Error("the demo has failed calculate tasks");
    await page.goto(`/jobs/coach-artie/coach-artie/${failed.id}`);
    const actions = page.getByRole("region", { name: "Actions" });
    await expect(actions).toContainText("Your role (viewer) can look but not act");
    await expect(actions.getByRole("button")).toHaveCount(0);
    await page.goto(`${WEBHOOKS}?state=failed`);
    await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toHaveCount(0);

    const job = {
      target: "coach-artie",
      system: "coach-artie",
      source: "queue",
      jobId: failed.id,
      action: "retry",
      seenState: failed.rawState,
      seenVersion: null,
    };
    const viaAction = await callAction(request, actionId(QUEUE_ACTIONS, "actOnJobAction"), job, {
      page: "/stuck",
      cookie: cookieOf("viewer"),
    });
    expect(await viaAction.text()).toContain('"code":"forbidden"');
    const viaApi = await request.post(
      `/api/jobs/coach-artie/coach-artie/${failed.id}/actions/retry`,
      { headers: bearer(viewerToken()), data: job },
    );
    expect(viaApi.status()).toBe(403);
    const viaBulk = await request.post("/api/bulk", {
      headers: bearer(viewerToken()),
      data: { ...job, queue: "calculate", filter: { state: "failed" } },
    });
    expect(viaBulk.status()).toBe(403);

    const still = await jobsOf(
      page,
      "/queues/coach-artie/coach-artie/calculate",
      `id=${failed.id}`,
    );
    expect(still.map((entry) => entry.rawState)).toEqual([failed.rawState]);
  });
});

test.describe("a read-only target", () => {
  // Proxy sign-on as an operator, on a second server whose billing target is read-only.
  test.use({ storageState: { cookies: [], origins: [] } });
  const operator = { "x-forwarded-user": "olga", "x-forwarded-groups": "oncall" };
  let server: ExtraServer;

  test.beforeAll(async () => {
    server = await startExtraServer(3193, (config) => {
      config.auth = {
        trustedProxies: ["127.0.0.1", "::1"],
        proxy: { enabled: true, roles: { admin: [], operator: ["group:oncall"], viewer: [] } },
      };
      const targets = config.targets as { id: string; readOnly?: boolean }[];
      const billing = targets.find((target) => target.id === "billing");
      if (!billing) throw new Error("no billing target in the e2e config");
      billing.readOnly = true;
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("refuses an operator's action and says why on the job page", async ({ page, request }) => {
    const [dead] = await jobsOf(page, WEBHOOKS, "rawState=dead");
    if (!dead) throw new Error("the demo has dead webhook deliveries");
    const response = await request.post(
      `${server.url}/api/jobs/billing/generic/${dead.id}/actions/retry`,
      {
        headers: { ...operator, origin: server.url },
        data: { source: "webhooks", seenState: dead.rawState, seenVersion: null },
      },
    );
    expect(response.status()).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe("target_read_only");

    await page.setExtraHTTPHeaders(operator);
    await page.goto(`${server.url}/jobs/billing/generic/${dead.id}`);
    const actions = page.getByRole("region", { name: "Actions" });
    await expect(actions).toContainText('Target "billing" is read-only');
    await expect(actions.getByRole("button")).toHaveCount(0);
  });
});
