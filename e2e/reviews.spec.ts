import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { bearer, cookieOf, signedInAs, viewerToken } from "./support/accounts";
import { E2E_BASE_URL } from "./support/base-url";

const MIGRATION = "/migrations/model-coordination/supabase-sql/027_add_job_queue_coordination";
const STRUCTURE = "/tables/model-coordination/public.workflow_executions/structure";
const ADDED = ["required_models", "current_step_model", "blocked_by_job_id"];

async function pageAs(browser: Browser, account: "admin" | "admin2" | "operator") {
  const context = await browser.newContext({ storageState: signedInAs(account) });
  return context.newPage();
}

/** Requests a review from the migration page and waits until its lint and dry run are attached. */
async function requestReview(page: Page, button: string, note: string): Promise<string> {
  await page.goto(MIGRATION);
  await page.getByLabel("Note for the reviewer").fill(note);
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(/\/reviews\/\d+$/);
  await expect(page.getByText("checked", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  return new URL(page.url()).pathname;
}

async function approve(page: Page, review: string, comment: string) {
  await page.goto(review);
  const approveForm = page.getByRole("form", { name: "Approve" });
  await approveForm.getByLabel("Approval comment (required)").fill(comment);
  await approveForm.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByText("approved", { exact: true }).first()).toBeVisible();
}

async function columnsShown(page: Page) {
  await page.goto(STRUCTURE);
  return Promise.all(
    ADDED.map(
      async (column) => (await page.getByRole("cell", { name: column, exact: true }).count()) > 0,
    ),
  );
}

test.describe.configure({ mode: "serial" });

test("027 is reviewed, approved by another admin, applied, and rolled back with its DOWN part", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const admin = await pageAs(browser, "admin");
  const admin2 = await pageAs(browser, "admin2");
  expect(await columnsShown(admin)).toEqual([false, false, false]);

  const review = await requestReview(admin, "Request review", "adds the workflow columns");
  await expect(
    admin.getByRole("region", { name: /^Lint: 027_add_job_queue_coordination/ }),
  ).toContainText("index-not-concurrent");
  const dryRun = admin.getByRole("region", { name: "Dry run" });
  await expect(dryRun).toContainText("Every statement ran");
  await expect(dryRun).toContainText("the catalog afterwards was identical to before");
  await expect(dryRun).toContainText("current_step_model");
  await expect(
    admin.getByText(/You requested this review: another admin must approve it/),
  ).toBeVisible();

  // Nobody approves their own request, and an operator cannot approve or apply at all.
  const id = review.split("/").at(-1);
  const asAdmin = await request.post(`/api/reviews/${id}/decision`, {
    headers: { cookie: cookieOf("admin"), origin: E2E_BASE_URL },
    data: { approve: true, comment: "mine" },
  });
  expect(asAdmin.status()).toBe(403);
  expect((await asAdmin.json()).code).toBe("self_approval");
  const callers = [{ cookie: cookieOf("operator"), origin: E2E_BASE_URL }, bearer(viewerToken())];
  for (const headers of callers) {
    for (const path of ["decision", "apply"]) {
      const refused = await request.post(`/api/reviews/${id}/${path}`, {
        headers,
        data: { approve: true, comment: "sneaky" },
      });
      expect(refused.status()).toBe(403);
      expect((await refused.json()).code).toBe("forbidden");
    }
  }

  await approve(admin2, review, "checked the dry run");
  await admin.goto(review);
  await admin.getByRole("button", { name: "Apply now" }).click();
  await expect(admin.getByText("applied", { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(admin.getByRole("region", { name: "Apply" })).toContainText("ok");

  await admin.goto("/migrations");
  const row = admin
    .getByRole("region", { name: /SQL migrations \(run by hand/ })
    .getByRole("row")
    .filter({ hasText: "027_add_job_queue_coordination" });
  await expect(row.getByText("applied", { exact: true })).toBeVisible();
  expect(await columnsShown(admin)).toEqual([true, true, true]);

  const rollback = await requestReview(
    admin,
    "Request rollback review",
    "roll back the workflow columns",
  );
  await expect(admin.getByRole("region", { name: /^Lint: 027/ })).toContainText("destructive");
  await approve(admin2, rollback, "rollback rehearsed");
  await admin.goto(rollback);
  await admin.getByRole("button", { name: "Roll back now" }).click();
  await expect(admin.getByText(/type the target's id "model-coordination"/)).toBeVisible();
  await admin.getByLabel(/type model-coordination to confirm/).fill("model-coordination");
  await admin.getByRole("button", { name: "Roll back now" }).click();
  await expect(admin.getByText("applied", { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  expect(await columnsShown(admin)).toEqual([false, false, false]);
  await admin.goto(MIGRATION);
  await expect(admin.getByText("pending", { exact: true }).first()).toBeVisible();

  await admin.goto("/audit");
  await expect(admin.getByText("migrations.apply_finished").first()).toBeVisible();
  await expect(admin.getByText("migrations.rollback_finished").first()).toBeVisible();
});

type Account = "admin" | "admin2" | "operator";
const as = (account: Account) => ({ cookie: cookieOf(account), origin: E2E_BASE_URL });

interface ReviewBody {
  review: { state: string; error: string | null };
  blockers: { key: string; overridable: boolean; message: string }[];
  typedConfirmation: string | null;
}

/** Takes one migration through request → checks → approval by admin2 → apply by admin, over the API. */
async function throughReview(
  request: APIRequestContext,
  body: { target: string; source: string; through: string; direction?: string },
): Promise<{ outcome: string; detail: string }> {
  const made = await request.post("/api/reviews", { headers: as("operator"), data: body });
  const created = await made.json();
  if (!made.ok()) return { outcome: `refused: ${created.code}`, detail: created.message };
  const path = `/api/reviews/${created.data.reviewId}`;
  const read = async () =>
    (await (await request.get(path, { headers: as("operator") })).json()) as ReviewBody;
  await expect.poll(async () => (await read()).review.state, { timeout: 30_000 }).toBe("checked");
  const checked = await read();
  const decided = await request.post(`${path}/decision`, {
    headers: as("admin2"),
    data: {
      approve: true,
      comment: "reviewed in the e2e",
      overrides: checked.blockers.filter((b) => b.overridable).map((b) => b.key),
    },
  });
  if (!decided.ok()) {
    const refusal = await decided.json();
    return { outcome: `not approved: ${refusal.code}`, detail: refusal.message };
  }
  const applied = await request.post(`${path}/apply`, {
    headers: as("admin"),
    data: checked.typedConfirmation ? { confirm: checked.typedConfirmation } : {},
  });
  expect(applied.status()).toBe(200);
  await expect
    .poll(async () => (await read()).review.state, { timeout: 30_000 })
    .toMatch(/^(applied|failed)$/);
  const ended = await read();
  return { outcome: ended.review.state, detail: ended.review.error ?? "" };
}

test("every other pending migration of the demo is applied, or refused for a stated reason", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const pending = [
    { target: "marie", source: "scheduler", through: "011_add_job_soft_deadline" },
    { target: "maintenance-agent", source: "agent", through: "001_add_retry_columns" },
    { target: "acolib", source: "orchestrator", through: "20250301_008_add_task_priority" },
  ];
  const outcomes = [];
  for (const migration of pending) outcomes.push(await throughReview(request, migration));
  expect(outcomes.map((o) => o.outcome)).toEqual(["applied", "applied", "applied"]);

  // The two with a DOWN part go back to pending the same way.
  const rollbacks = [
    {
      target: "maintenance-agent",
      source: "agent",
      through: "001_add_retry_columns",
      direction: "rollback",
    },
    {
      target: "acolib",
      source: "orchestrator",
      through: "20250301_008_add_task_priority",
      direction: "rollback",
    },
  ];
  for (const rollback of rollbacks) {
    expect((await throughReview(request, rollback)).outcome).toBe("applied");
  }
  const noDown = await throughReview(request, {
    target: "marie",
    source: "scheduler",
    through: "011_add_job_soft_deadline",
    direction: "rollback",
  });
  expect(noDown.outcome).toBe("refused: not_reviewable");
  // Rolling 011 back would first roll back the newer lease/ files, which have no DOWN part.
  expect(noDown.detail).toMatch(/lease\/001_lease_jobs_by_id has no DOWN part/);

  const shared = await throughReview(request, {
    target: "maintenance-agent",
    source: "shared",
    through: "20250922_shared_tables",
  });
  expect(shared).toEqual({
    outcome: "refused: source_read_only",
    detail: expect.stringMatching(/read-only: its migrations are shown here but never applied/),
  });
});
