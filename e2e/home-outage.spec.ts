import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { parse } from "yaml";
import { SignInPage } from "./pages/sign-in-page";
import { bearer, cookieOf, viewerToken } from "./support/accounts";
import { E2E_BASE_URL } from "./support/base-url";
import { type CuttableProxy, startCuttableProxy } from "./support/cuttable-proxy";
import { type ExtraServer, startExtraServer } from "./support/extra-server";
import { extraPort } from "./support/ports";

const BANNER = "Home database unavailable: read-only, changes refused.";

interface Job {
  id: string;
  rawState: string;
}

/** A billing job as the main e2e server (whose home database stays up) reads it. */
async function billingJob(request: APIRequestContext, query: string): Promise<Job | undefined> {
  const response = await request.get(
    `${E2E_BASE_URL}/api/queues/billing/generic/webhooks/jobs?${query}`,
    { headers: { cookie: cookieOf("operator") } },
  );
  return ((await response.json()) as { jobs: Job[] }).jobs[0];
}

async function showsBanner(page: Page, url: string): Promise<boolean> {
  await page.goto(url);
  return page.getByText(BANNER).isVisible();
}

/**
 * Switchyard's own database goes away while an operator is signed in, on a second server whose
 * home database is reached through a proxy the test can cut: sign-in and changes are refused
 * (nothing can be audited), targets that answer can still be read with the read-only pass, and
 * everything comes back without a restart.
 */
test.describe("the home database goes away", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  let proxy: CuttableProxy;
  let server: ExtraServer;

  test.beforeAll(async () => {
    // A production server starting on a shared two-core machine can take most of a minute.
    test.setTimeout(90_000);
    const e2eConfig = parse(
      fs.readFileSync(path.resolve(".switchyard/e2e/switchyard.yaml"), "utf8"),
    ) as { home: string };
    const homeUrl = new URL(e2eConfig.home);
    proxy = await startCuttableProxy(extraPort(5), {
      host: homeUrl.hostname,
      port: Number(homeUrl.port || 5432),
    });
    server = await startExtraServer(extraPort(4), (config) => {
      homeUrl.host = `127.0.0.1:${extraPort(5)}`;
      config.home = homeUrl.toString();
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await proxy?.close();
  });

  test("sign-in and changes are refused, reads go on, and it all comes back", async ({
    page,
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    await new SignInPage(page, server.url).open();
    await new SignInPage(page, server.url).signIn("operator", "operator-demo-password");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    const dead = await billingJob(request, "rawState=dead&limit=1");
    if (!dead) throw new Error("the demo has dead webhook deliveries");
    await page.goto(`${server.url}/jobs/billing/generic/${dead.id}`);
    await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
    const retry = (seenState: string) =>
      page.request.post(`${server.url}/api/jobs/billing/generic/${dead.id}/actions/retry`, {
        headers: { origin: server.url },
        data: { source: "webhooks", seenState, seenVersion: null, reason: "home outage test" },
      });
    const health = async () => {
      const response = await request.get(`${server.url}/api/health`);
      return { status: response.status(), body: (await response.json()) as { home: unknown } };
    };

    await proxy.cut();
    await expect.poll(async () => (await health()).status, { timeout: 20_000 }).toBe(503);
    expect((await health()).body.home).toMatchObject({ reachable: false });

    // Reads of targets that answer go on, under a banner, for the operator who was signed in.
    await expect.poll(() => showsBanner(page, `${server.url}/`), { timeout: 20_000 }).toBe(true);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("link", { name: "calculate", exact: true })).toBeVisible();
    await page.goto(`${server.url}/jobs/billing/generic/${dead.id}`);
    await expect(page.getByText(BANNER)).toBeVisible();
    await expect(page.getByText(/changes are refused until it is back/).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
    const list = await page.request.get(
      `${server.url}/api/queues/billing/generic/webhooks/jobs?limit=2`,
    );
    expect(list.status()).toBe(200);
    // Switchyard's own records cannot be shown; the page says why instead of failing.
    await page.goto(`${server.url}/audit`);
    await expect(
      page.getByRole("alert").filter({ hasText: "home database is unavailable" }),
    ).toBeVisible();

    // A change is refused before anything is done, and the job is untouched.
    const refused = await retry(dead.rawState);
    expect(refused.status()).toBe(503);
    expect(await refused.json()).toMatchObject({
      ok: false,
      code: "home_unavailable",
      message: expect.stringContaining("could not be reached"),
    });
    expect((await billingJob(request, `id=${dead.id}`))?.rawState).toBe(dead.rawState);

    // An API token cannot be checked without the home database.
    const tokenRead = await request.get(`${server.url}/api/queues`, {
      headers: bearer(viewerToken()),
    });
    expect(tokenRead.status()).toBe(503);
    expect(((await tokenRead.json()) as { error: { code: string } }).error.code).toBe(
      "home_unavailable",
    );

    // Nobody can sign in; a session cookie without its pass is not enough to read: sign-in says why.
    const session = (await page.context().cookies()).filter(
      (cookie) => cookie.name === "switchyard_session",
    );
    expect(session).toHaveLength(1);
    const stranger = await browser.newPage({ storageState: { cookies: session, origins: [] } });
    await stranger.goto(`${server.url}/queues/billing/generic/webhooks`);
    await expect(stranger).toHaveURL(/\/sign-in\?next=/);
    await expect(stranger.getByText("Signing in is not possible right now")).toBeVisible();
    const strangerSignIn = new SignInPage(stranger, server.url);
    await strangerSignIn.signIn("admin", "admin-demo-password");
    await expect(strangerSignIn.error).toContainText("home database could not be reached");
    await expect(stranger).toHaveURL(/\/sign-in/);

    await proxy.restore();
    await expect.poll(async () => (await health()).status, { timeout: 30_000 }).toBe(200);
    await expect.poll(() => showsBanner(page, `${server.url}/`), { timeout: 30_000 }).toBe(false);
    await stranger.close();
    // (A fresh browser: signing in over the copied cookie would end the operator's session.)
    const newcomer = await browser.newPage({ storageState: { cookies: [], origins: [] } });
    const newcomerSignIn = new SignInPage(newcomer, server.url);
    await newcomerSignIn.open();
    await newcomerSignIn.signIn("admin", "admin-demo-password");
    await expect(newcomer.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await newcomer.close();
    // The same change now reaches the target and its compare-and-set: the job is not in the
    // state given, so it is refused as changed (and audited), and still nothing is changed.
    const stale = await retry("queued");
    expect(stale.status()).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe("changed");
    expect((await billingJob(request, `id=${dead.id}`))?.rawState).toBe(dead.rawState);
    // Only the attempt made with the home database back was audited: one refusal, as changed.
    const audit = await request.get(
      `${E2E_BASE_URL}/api/audit?format=json&action=jobs.act&actor=operator&target=billing`,
      { headers: { cookie: cookieOf("operator") } },
    );
    const events = (await audit.json()) as { errorCode: string; objects: { jobId?: string } }[];
    expect(
      events.filter((event) => event.objects?.jobId === dead.id).map((event) => event.errorCode),
    ).toEqual(["changed"]);
  });
});
