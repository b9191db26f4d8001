import { expect, test } from "@playwright/test";
import { bearer, signedInAs, viewerToken } from "./support/accounts";

const SECRETS = ["sk-ant-api03-EXAMPLE", "sk-proj-EXAMPLE", "ghp_EXAMPLE", "Zq8vN2mXr4TfK7wP"];

test("from a job to its row, across a foreign key, into a JSON cell, and filtered", async ({
  page,
  request,
}) => {
  const response = await request.get(
    "/api/queues/maintenance-agent/maintenance-agent/system-processing/jobs?limit=1",
    { headers: bearer(viewerToken()) },
  );
  const { jobs } = (await response.json()) as { jobs: { id: string }[] };
  const jobId = jobs[0]?.id ?? "";
  await page.goto(`/jobs/maintenance-agent/maintenance-agent/${jobId}?source=memory`);
  await page.getByRole("link", { name: "Open its row in Tables" }).click();

  await expect(page).toHaveURL(
    /\/tables\/maintenance-agent\/public\.maintenance_agent_memory\?filter=id/,
  );
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "public.maintenance_agent_memory",
  );
  await expect(page.getByRole("link", { name: "Open row" })).toHaveCount(1);
  await expect(page.getByRole("cell", { name: jobId })).toBeVisible();

  // asset_uid is a foreign key to the shared systems table: its value links to that row.
  const assetLink = page.locator('a[href*="/public.systems?filter=asset_uid"]').first();
  const assetUid = (await assetLink.textContent()) ?? "";
  await assetLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("public.systems");
  await expect(page.getByRole("note")).toContainText("owned by the main system team");
  await expect(page.getByRole("link", { name: "Open row" })).toHaveCount(1);

  // A JSON cell opens whole in the viewer.
  await page.getByRole("button", { name: "Open spec_keywords_jsonb" }).click();
  const viewer = page.getByRole("dialog", { name: "spec_keywords_jsonb" });
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText(/keys|items|\{\}/);
  await viewer.getByRole("button", { name: "Close" }).click();

  // Filters: drop the foreign-key filter, add one through the form (hostile characters included).
  await page.getByRole("link", { name: /^Remove filter/ }).click();
  await expect(page).not.toHaveURL(/filter=/);
  await expect(page.getByRole("link", { name: "Open row" })).not.toHaveCount(1);
  await page.getByLabel("Filter column").selectOption("description");
  await page.getByLabel("Filter operator").selectOption("contains");
  await page.getByLabel("Filter value").fill("'%_\\ünï");
  await page.getByRole("button", { name: "Add filter" }).click();
  await expect(page).toHaveURL(/filter=description%3Acontains/);
  await expect(page.getByText("No rows.")).toBeVisible();
  await page.getByRole("link", { name: /^Remove filter/ }).click();
  await expect(page).not.toHaveURL(/filter=/);
  await page.getByLabel("Filter column").selectOption("asset_uid");
  await page.getByLabel("Filter operator").selectOption("eq");
  await page.getByLabel("Filter value").fill(assetUid);
  await page.getByRole("button", { name: "Add filter" }).click();
  await expect(page.getByRole("link", { name: "Open row" })).toHaveCount(1);

  // The row page links back to the rows that reference it.
  await page.getByRole("link", { name: "Open row" }).click();
  await page.getByRole("link", { name: /public\.maintenance_agent_memory \(asset_uid\)/ }).click();
  await expect(page.getByRole("cell", { name: jobId })).toBeVisible();
});

test("a viewer never receives a secret; an admin reveals one, and the reveal is audited", async ({
  page,
  browser,
  request,
}) => {
  await page.goto("/tables/acolib/main.configurations");
  await expect(page.getByText("masked").first()).toBeVisible();
  const html = await page.content();
  for (const secret of SECRETS) expect(html).not.toContain(secret);
  const api = await request.get("/api/tables/acolib/main.configurations/rows?limit=500", {
    headers: bearer(viewerToken()),
  });
  const body = await api.text();
  for (const secret of SECRETS) expect(body).not.toContain(secret);
  const filtered = await request.get(
    "/api/tables/acolib/main.configurations/rows?filter=value:contains:sk-",
    { headers: bearer(viewerToken()) },
  );
  expect(filtered.status()).toBe(400);

  await page.getByRole("link", { name: "Open row" }).first().click();
  await expect(page.getByRole("button", { name: /Reveal secrets/ })).toHaveCount(0);
  for (const secret of SECRETS) expect(await page.content()).not.toContain(secret);

  const admin = await browser.newContext({ storageState: signedInAs("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/tables/acolib/main.configurations?filter=key:eq:github.token");
  await adminPage.getByRole("link", { name: "Open row" }).click();
  await expect(adminPage.getByText("masked").first()).toBeVisible();
  expect(await adminPage.content()).not.toContain("ghp_EXAMPLE");
  await adminPage.getByLabel("Reason for revealing").fill("rotating the GitHub token");
  await adminPage.getByRole("button", { name: /Reveal secrets/ }).click();
  await expect(adminPage.getByRole("definition").filter({ hasText: "ghp_EXAMPLE" })).toBeVisible();
  await adminPage.goto("/audit");
  await expect(adminPage.getByText("tables.reveal").first()).toBeVisible();
  await expect(adminPage.getByText("rotating the GitHub token").first()).toBeVisible();
  await admin.close();
});
