import { expect, test } from "@playwright/test";
import { JobPage } from "./pages/job-page";
import { OverviewPage } from "./pages/overview-page";
import { QueuePage } from "./pages/queue-page";
import { bearer, viewerToken } from "./support/accounts";

test("from the overview to a failed job in two clicks, paging and filtering on the way", async ({
  page,
}) => {
  const overview = new OverviewPage(page);
  await overview.open();
  const coachArtie = overview.system("Coach Artie", "coach-artie");
  await coachArtie.getByRole("link", { name: "calculate", exact: true }).click();

  const queue = new QueuePage(page);
  await expect(queue.heading).toHaveText("calculate");
  await queue.stateTab("Failed").click();
  await expect(page).toHaveURL(/state=failed/);
  const firstPage = await queue.jobIds();
  expect(firstPage.length).toBe(50);

  await queue.olderJobs.click();
  await expect(page).toHaveURL(/cursor=/);
  const secondPage = await queue.jobIds();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);
  await expect(page.getByRole("row").filter({ hasText: /Failed/ })).toHaveCount(secondPage.length);

  await page.getByRole("link", { name: secondPage[0] as string }).click();
  const job = new JobPage(page);
  await expect(job.heading).toHaveText(`Job ${secondPage[0]}`);
  await expect(page.getByRole("region", { name: "Error" })).toContainText(/\S/);
});

test("a queue described only in the configuration works end to end, history included", async ({
  page,
}) => {
  const overview = new OverviewPage(page);
  await overview.open();
  const billing = overview.system("Configured tables", "billing");
  await expect(billing).toBeVisible();
  await billing.getByRole("link", { name: "webhooks", exact: true }).click();

  const queue = new QueuePage(page);
  await expect(queue.heading).toHaveText("webhooks");
  await page.getByLabel("Raw state").selectOption("dead");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/rawState=dead/);
  const ids = await queue.jobIds();
  expect(ids.length).toBeGreaterThan(0);

  await page.getByRole("link", { name: ids[0] as string, exact: true }).click();
  const job = new JobPage(page);
  await expect(job.heading).toHaveText(`Job ${ids[0]}`);
  await expect(job.history.getByRole("listitem")).toHaveCount(8);
  await expect(job.history).toContainText("HTTP 410");
});

test("the API returns the same numbers as the overview", async ({ page, request }) => {
  const body = await (await request.get("/api/queues", { headers: bearer(viewerToken()) })).json();
  const webhooks = body.queues.find((queue: { queue: string }) => queue.queue === "webhooks");
  expect(webhooks.countsExact).toBe(true);

  const overview = new OverviewPage(page);
  await overview.open();
  const row = overview.queueRow(overview.system("Configured tables", "billing"), "webhooks");
  for (const [state, label] of [
    ["waiting", "Waiting"],
    ["scheduled", "Scheduled"],
    ["running", "Running"],
    ["succeeded", "Succeeded"],
    ["cancelled", "Cancelled"],
  ] as const) {
    const expected = webhooks.counts[state].toLocaleString("en");
    await expect(
      row.getByRole("link", { name: `${label} in webhooks: ${webhooks.counts[state]}` }),
    ).toHaveText(expected);
  }
});

test("unknown targets, queues and jobs are 404s; bad parameters are 400s naming the parameter", async ({
  request,
}) => {
  const missingTarget = await request.get("/api/queues/nowhere/generic/webhooks/jobs", {
    headers: bearer(viewerToken()),
  });
  expect(missingTarget.status()).toBe(404);
  expect((await missingTarget.json()).error).toMatchObject({
    code: "target_not_found",
    target: "nowhere",
  });

  const missingQueue = await request.get("/api/queues/billing/generic/nope/jobs", {
    headers: bearer(viewerToken()),
  });
  expect(missingQueue.status()).toBe(404);
  expect((await missingQueue.json()).error).toMatchObject({
    code: "queue_not_found",
    queue: "nope",
  });

  const badLimit = await request.get("/api/queues/billing/generic/webhooks/jobs?limit=-1", {
    headers: bearer(viewerToken()),
  });
  expect(badLimit.status()).toBe(400);
  expect((await badLimit.json()).error).toMatchObject({
    code: "bad_parameter",
    parameter: "limit",
  });

  const forged = await request.get("/api/queues/billing/generic/webhooks/jobs?cursor=eyJjIjoiem", {
    headers: bearer(viewerToken()),
  });
  expect(forged.status()).toBe(400);

  const missingJob = await request.get("/api/jobs/billing/generic/999999999", {
    headers: bearer(viewerToken()),
  });
  expect(missingJob.status()).toBe(404);
  expect((await missingJob.json()).error.code).toBe("job_not_found");

  const page = await request.get(
    "/api/queues/billing/generic/webhooks/jobs?limit=5&state=succeeded",
    {
      headers: bearer(viewerToken()),
    },
  );
  const jobs = await page.json();
  expect(jobs.jobs).toHaveLength(5);
  expect(jobs.jobs.every((job: { state: string }) => job.state === "succeeded")).toBe(true);
  const next = await request.get(
    `/api/queues/billing/generic/webhooks/jobs?limit=5&state=succeeded&cursor=${jobs.nextCursor}`,
    { headers: bearer(viewerToken()) },
  );
  const following = await next.json();
  expect(following.jobs.map((job: { id: string }) => job.id)).not.toContain(jobs.jobs[0].id);
});

test("a scheduler job blocked by a failed dependency: its history and its reason", async ({
  page,
}) => {
  const overview = new OverviewPage(page);
  await overview.open();
  const marie = overview.system("Marie scheduler", "marie");
  await marie.getByRole("link", { name: /^Blocked in classify: / }).click();

  const queue = new QueuePage(page);
  await expect(queue.heading).toHaveText("classify");
  await expect(page).toHaveURL(/state=blocked/);
  const ids = await queue.jobIds();
  expect(ids.length).toBeGreaterThan(0);
  await page.getByRole("link", { name: ids[0] as string, exact: true }).click();

  const job = new JobPage(page);
  await expect(job.why).toContainText("depends on");
  await expect(job.history.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "All fields" })).toContainText("dag_id");
});

test("a coordinated job blocked by another says by which, with a link", async ({ page }) => {
  await page.goto("/queues/model-coordination/model-coordination/image?state=blocked");
  const queue = new QueuePage(page);
  const ids = await queue.jobIds();
  expect(ids.length).toBeGreaterThan(0);
  await page.getByRole("link", { name: ids[0] as string, exact: true }).click();
  const job = new JobPage(page);
  await expect(job.why).toContainText("Blocked by");
  await expect(job.why.getByText("blocked by:")).toBeVisible();
  await expect(job.history).toContainText("queued");
});

test("a queue page offers the indexes its views lack, ready to run", async ({ page }) => {
  await page.goto("/queues/coach-artie/coach-artie/calculate");
  const advice = page.getByText("would make this queue's views faster");
  await advice.click();
  await expect(
    page.getByText(/CREATE INDEX CONCURRENTLY queue_task_type_created_at_id_idx ON/),
  ).toBeVisible();
  await expect(page.getByText(/CREATE INDEX CONCURRENTLY queue_completed_at_idx ON/)).toBeVisible();
});
