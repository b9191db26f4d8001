import { expect, test } from "@playwright/test";
import { OverviewPage } from "./pages/overview-page";

const DEMO_TARGETS = [
  { id: "marie", name: "Marie scheduler", kind: "PostgreSQL" },
  { id: "coach-artie", name: "Coach Artie (Discord assistant)", kind: "PostgreSQL" },
  { id: "model-coordination", name: "Model coordination (jobs)", kind: "PostgreSQL" },
  { id: "acolib", name: "acolib orchestrator (SQLite)", kind: "SQLite" },
  { id: "maintenance-agent", name: "Maintenance agent", kind: "PostgreSQL" },
  { id: "billing", name: "Billing (hand-rolled webhook queue)", kind: "PostgreSQL" },
  { id: "switchyard", name: "Switchyard (home database)", kind: "PostgreSQL" },
];

test("the overview shows every demo target as reachable", async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.heading).toBeVisible();
  await expect(page.getByText(`${DEMO_TARGETS.length} targets, all reachable`)).toBeVisible();
  for (const target of DEMO_TARGETS) {
    const card = overview.target(target.name);
    await expect(card.getByRole("img", { name: "Reachable" })).toBeVisible();
    await expect(card.getByText(target.kind, { exact: true })).toBeVisible();
  }
});

test("a target's tables page lists its tables with row counts", async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.target("Maintenance agent").getByRole("link", { name: "Tables" }).click();
  await expect(page.getByRole("heading", { name: "Tables of Maintenance agent" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "maintenance_tasks_queue" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^[\d,]+$/);
});

test("health reports every demo target reachable without leaking credentials", async ({
  request,
}) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.targets.map((target: { id: string }) => target.id)).toEqual(
    DEMO_TARGETS.map((t) => t.id),
  );
  expect(JSON.stringify(body)).not.toMatch(/password|switchyard@|:\/\//);
});
