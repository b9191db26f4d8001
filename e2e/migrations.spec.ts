import { expect, test } from "@playwright/test";
import { bearer, viewerToken } from "./support/accounts";

test("the migrations page shows pending, drifted and out-of-order migrations of the demo", async ({
  page,
}) => {
  await page.goto("/migrations");
  await expect(page.getByRole("heading", { name: "Migrations", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "migrations need attention" }),
  ).toBeVisible();

  const scheduler = page.getByRole("region", { name: /Scheduler schema/ });
  const drifted = scheduler.getByRole("row").filter({ hasText: "009_schedule" });
  await expect(drifted.getByText("drifted", { exact: true })).toBeVisible();
  await expect(drifted.getByText("differs (sha256)")).toBeVisible();
  await expect(scheduler.getByText("numbering gap: no file for 8")).toBeVisible();
  await expect(
    scheduler.getByText("dev/ (1 files) is never loaded, by configuration"),
  ).toBeVisible();

  const prisma = page.getByRole("region", { name: /Prisma migrations/ });
  const late = prisma.getByRole("row").filter({ hasText: "20250718103000_message_embeddings" });
  await expect(late.getByText("out of order", { exact: true })).toBeVisible();
  await expect(
    prisma
      .getByRole("row")
      .filter({ hasText: "20250903081500_queue_retry_columns" })
      .getByText("failed"),
  ).toBeVisible();

  const shared = page.getByRole("region", { name: /Shared tables/ });
  await expect(shared.getByText("read-only", { exact: true })).toBeVisible();
  await expect(shared.getByText("appears applied", { exact: true })).toBeVisible();
});

test("a pending migration's page shows its SQL, its parts and what the catalog already has", async ({
  page,
}) => {
  await page.goto("/migrations");
  const coordination = page.getByRole("region", { name: /SQL migrations \(run by hand/ });
  const row = coordination.getByRole("row").filter({ hasText: "027_add_job_queue_coordination" });
  await expect(row.getByText("pending", { exact: true })).toBeVisible();
  await row.getByRole("link", { name: "027_add_job_queue_coordination" }).click();

  await expect(page.getByRole("heading", { name: "027_add_job_queue_coordination" })).toBeVisible();
  const up = page.getByRole("figure", { name: "Up SQL" });
  await expect(up).toContainText(
    "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS required_models JSONB;",
  );
  await expect(up.locator("[data-token=keyword]").first()).toHaveText("ALTER");
  const lint = page.getByRole("region", { name: "Lint" });
  await expect(lint).toContainText("index-not-concurrent");
  await expect(lint).toContainText("CREATE INDEX IF NOT EXISTS idx_jobs_queue");
  await expect(lint).toContainText(/takes SHARE on jobs \(≈ [\d.]+k? rows, /);
  const evidence = page.getByRole("region", { name: "Evidence from the catalog" });
  await expect(evidence).toContainText("workflow_executions.current_step_model");
  await expect(page.getByText(/it may have been applied in part/)).toBeVisible();
  await expect(
    page.getByText("No row in switchyard.migration_ledger records this migration."),
  ).toBeVisible();
});

test("an UP/DOWN file shows both parts, and a lease/ migration opens by its path", async ({
  page,
}) => {
  await page.goto("/migrations/maintenance-agent/agent/001_add_retry_columns");
  await expect(page.getByRole("figure", { name: "Up SQL" })).toContainText(
    "ADD COLUMN retry_count integer DEFAULT 0",
  );
  await expect(page.getByRole("figure", { name: "Down SQL" })).toContainText(
    "DROP INDEX idx_agent_memory_failed;",
  );

  await page.goto("/migrations/marie/scheduler/lease/001_lease_jobs_by_id");
  await expect(page.getByRole("heading", { name: "lease/001_lease_jobs_by_id" })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Up SQL" })).toContainText(
    "marie_scheduler.lease_jobs_by_id",
  );
  await expect(page.getByRole("region", { name: "Ledger row" })).toContainText("adopted");
});

test("GET /api/migrations reports every state the demo has", async ({ request }) => {
  const response = await request.get("/api/migrations", { headers: bearer(viewerToken()) });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    targets: {
      target: string;
      sources: { id: string; migrations: { id: string; state: string }[] }[];
    }[];
  };
  const states = new Set(
    body.targets.flatMap((t) => t.sources.flatMap((s) => s.migrations.map((m) => m.state))),
  );
  expect([...states].sort()).toEqual([
    "appears_applied",
    "applied",
    "drifted",
    "failed",
    "missing_file",
    "out_of_order",
    "pending",
  ]);
  const home = body.targets.find((t) => t.target === "switchyard");
  expect(home?.sources[0]?.migrations.every((m) => m.state === "applied")).toBe(true);
});
