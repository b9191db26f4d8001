import { expect, test } from "@playwright/test";
import { type CuttableProxy, startCuttableProxy } from "./support/cuttable-proxy";
import { type ExtraServer, startExtraServer } from "./support/extra-server";

/**
 * A target that goes away while the console is in use, on a second server whose billing target
 * is reached through a proxy the test can cut. Proxy sign-on lets the test act as an operator.
 */
test.describe("a target that goes away", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  const operator = { "x-forwarded-user": "olga", "x-forwarded-groups": "oncall" };
  let proxy: CuttableProxy;
  let server: ExtraServer;

  test.beforeAll(async () => {
    let upstream = { host: "127.0.0.1", port: 5432 };
    server = await startExtraServer(3194, (config) => {
      config.auth = {
        trustedProxies: ["127.0.0.1", "::1"],
        proxy: { enabled: true, roles: { admin: [], operator: ["group:oncall"], viewer: [] } },
      };
      const targets = config.targets as { id: string; url?: string; statementTimeoutMs?: number }[];
      const billing = targets.find((target) => target.id === "billing");
      if (!billing?.url) throw new Error("no billing target in the e2e config");
      const url = new URL(billing.url);
      upstream = { host: url.hostname, port: Number(url.port || 5432) };
      url.host = "127.0.0.1:3195";
      billing.url = url.toString();
    });
    proxy = await startCuttableProxy(3195, upstream);
  });

  test.afterAll(async () => {
    await server?.stop();
    await proxy?.close();
  });

  test("the rest keeps working, an action fails clearly, and it all recovers", async ({
    page,
    request,
  }) => {
    await page.setExtraHTTPHeaders(operator);
    const health = () => request.get(`${server.url}/api/health`, { headers: operator });
    expect((await health()).status()).toBe(200);
    const jobs = await request.get(
      `${server.url}/api/queues/billing/generic/webhooks/jobs?rawState=dead&limit=1`,
      { headers: operator },
    );
    const [dead] = ((await jobs.json()) as { jobs: { id: string; rawState: string }[] }).jobs;
    if (!dead) throw new Error("the demo has dead webhook deliveries");

    await proxy.cut();
    await expect.poll(async () => (await health()).status(), { timeout: 20_000 }).toBe(503);
    const down = (await (await health()).json()) as {
      targets: { id: string; reachable: boolean; error?: string }[];
    };
    expect(down.targets.find((target) => target.id === "billing")?.reachable).toBe(false);
    expect(down.targets.filter((target) => target.id !== "billing").every((t) => t.reachable)).toBe(
      true,
    );

    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/`);
          return page.getByRole("heading", { name: "Overview" }).isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect(page.getByText(/1 of \d+ targets unreachable/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("link", { name: "calculate", exact: true })).toBeVisible();

    const action = await request.post(
      `${server.url}/api/jobs/billing/generic/${dead.id}/actions/retry`,
      {
        headers: { ...operator, origin: server.url },
        data: { source: "webhooks", seenState: dead.rawState, seenVersion: null },
      },
    );
    expect(action.status()).toBe(503);
    const refusal = (await action.json()) as { code: string; message: string };
    expect(refusal.code).toBe("target_unavailable");
    expect(refusal.message).toContain('Target "billing" could not be reached');

    await proxy.restore();
    await expect.poll(async () => (await health()).status(), { timeout: 30_000 }).toBe(200);
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/`);
          return page.getByText(/targets, all reachable/).isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const after = await request.get(
      `${server.url}/api/queues/billing/generic/webhooks/jobs?id=${dead.id}`,
      { headers: operator },
    );
    const [unchanged] = ((await after.json()) as { jobs: { rawState: string }[] }).jobs;
    expect(unchanged?.rawState).toBe(dead.rawState);
  });
});
