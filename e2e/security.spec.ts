import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";
import { SignInPage } from "./pages/sign-in-page";
import { bearer, cookieOf, signedInAs, viewerToken } from "./support/accounts";
import { E2E_BASE_URL } from "./support/base-url";
import { actionId, callAction } from "./support/server-actions";

const ADMIN_ACTIONS = "app/(console)/admin/actions.ts";

test.describe("anonymous callers", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("are sent to sign in by every page, and get 401 from every API read", async ({
    page,
    request,
  }) => {
    await page.goto("/queues/marie/marie/extract?state=failed");
    await expect(page).toHaveURL(
      /\/sign-in\?next=%2Fqueues%2Fmarie%2Fmarie%2Fextract%3Fstate%3Dfailed/,
    );
    for (const url of ["/api/queues", "/api/audit?format=json", "/api/jobs/marie/marie/x"]) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
    expect((await request.get("/api/health")).status()).toBe(200);
  });

  test("cannot call a server action directly", async ({ request }) => {
    const response = await callAction(
      request,
      actionId(ADMIN_ACTIONS, "addOperator"),
      { name: "intruder", role: "admin", password: "intruder-password" },
      { page: "/admin/operators" },
    );
    expect(await response.text()).toContain('"code":"unauthenticated"');
    const admin = await request.get("/api/audit?format=json&action=operators.add&outcome=refused", {
      headers: bearer(viewerToken()),
    });
    expect(await admin.text()).toContain('"errorCode":"unauthenticated"');
  });

  test("get one message for an unknown account and a wrong password, then a rate limit", async ({
    page,
  }) => {
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn("nobody-at-all", "whatever-password");
    await expect(signIn.error).toHaveText("Wrong name or password.");
    await signIn.signIn("viewer", "not-the-password");
    await expect(signIn.error).toHaveText("Wrong name or password.");

    for (let attempt = 0; attempt < 4; attempt++) {
      await signIn.signIn("locked-out", "guess-number-x");
      await expect(signIn.error).toHaveText("Wrong name or password.");
    }
    await signIn.signIn("locked-out", "guess-number-x");
    await expect(signIn.error).toHaveText("Wrong name or password.");
    await signIn.signIn("locked-out", "guess-number-x");
    await expect(signIn.error).toHaveText(
      "Too many failed sign-ins. Wait 15 minutes and try again.",
    );
  });
});

test.describe("sessions", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("get a new id at sign-in, and stop working at sign-out", async ({
    page,
    context,
    request,
  }) => {
    await context.addCookies([
      {
        name: "switchyard_session",
        value: "sys_planted-by-an-attacker",
        url: E2E_BASE_URL,
      },
    ]);
    const signIn = new SignInPage(page);
    await signIn.open();
    const operator = DEMO_ACCOUNTS.find((account) => account.name === "operator");
    await signIn.signIn("operator", operator?.password ?? "");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const session = (await context.cookies()).find(
      (cookie) => cookie.name === "switchyard_session",
    );
    expect(session?.value).toMatch(/^sys_/);
    expect(session?.value).not.toBe("sys_planted-by-an-attacker");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    const stolen = `switchyard_session=${session?.value}`;
    expect((await request.get("/api/queues", { headers: { cookie: stolen } })).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await request.get("/api/queues", { headers: { cookie: stolen } })).status()).toBe(401);
  });
});

test.describe("under-privileged callers", () => {
  test("a viewer's session posting an admin action is refused, and nothing changes", async ({
    request,
  }) => {
    const response = await callAction(
      request,
      actionId(ADMIN_ACTIONS, "setOperatorRole"),
      { name: "viewer", role: "admin" },
      { page: "/admin/operators", cookie: cookieOf("viewer") },
    );
    expect(await response.text()).toContain('"code":"forbidden"');
    const operators = await request.get("/api/audit?format=json&action=operators.set_role", {
      headers: bearer(viewerToken()),
    });
    const events = (await operators.json()) as { outcome: string; actorName: string }[];
    expect(events.some((event) => event.outcome === "ok")).toBe(false);
    expect(
      events.some((event) => event.outcome === "refused" && event.actorName === "viewer"),
    ).toBe(true);
  });

  test("a viewer sees no admin pages", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Operators" })).toHaveCount(0);
    await page.goto("/admin/operators");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByText("needs the admin role")).toBeVisible();
  });

  test("a server action from a foreign site is refused even with a valid session", async ({
    request,
  }) => {
    const response = await callAction(
      request,
      actionId(ADMIN_ACTIONS, "addOperator"),
      { name: "csrf-victim", role: "admin", password: "csrf-password-1" },
      { page: "/admin/operators", cookie: cookieOf("admin"), origin: "https://evil.example" },
    );
    expect(response.ok() && (await response.text()).includes('"ok":true')).toBe(false);
    const added = await request.get("/api/audit?format=json&action=operators.add", {
      headers: bearer(viewerToken()),
    });
    expect(await added.text()).not.toContain("csrf-victim");
  });
});

test.describe("an admin", () => {
  test.use({ storageState: signedInAs("admin") });

  test("adds an operator and changes a role; both are audited", async ({ page }) => {
    await page.goto("/admin/operators");
    const add = page.getByRole("form", { name: "Add an operator" });
    await add.getByLabel("Name").fill("night-shift");
    await add.getByLabel("Role").selectOption("operator");
    await add.getByLabel("Password (10+ characters)").fill("night-shift-password");
    await add.getByRole("button", { name: "Add" }).click();
    const row = page.getByRole("row").filter({ hasText: "night-shift" });
    await expect(row).toBeVisible();
    await row.getByRole("combobox", { name: "Role of night-shift" }).selectOption("viewer");
    // The select shows the choice at once; wait for the server action itself to answer.
    await Promise.all([
      page.waitForResponse(
        (response) =>
          response.request().method() === "POST" && response.url().endsWith("/admin/operators"),
      ),
      row.getByRole("button", { name: "Change" }).click(),
    ]);
    await page.reload();
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "night-shift" })
        .getByRole("combobox", { name: "Role of night-shift" }),
    ).toHaveValue("viewer");

    await page.goto("/audit?actor=admin");
    await expect(page.getByRole("cell", { name: "operators.set_role" }).first()).toBeVisible();
    await expect(page.getByRole("cell", { name: "operators.add" }).first()).toBeVisible();
  });

  test("creates a token shown once, which then reads the API with its role", async ({
    page,
    request,
  }) => {
    await page.goto("/admin/tokens");
    const form = page.getByRole("form", { name: "Create a token" });
    await form.getByLabel("Name").fill("e2e script");
    await form.getByRole("button", { name: "Create" }).click();
    const token = await page.getByLabel("New token").inputValue();
    expect(token).toMatch(/^syt_/);
    expect((await request.get("/api/queues", { headers: bearer(token) })).status()).toBe(200);
    await page.reload();
    await expect(page.getByLabel("New token")).toHaveCount(0);
    await expect(page.getByText(token)).toHaveCount(0);
    await expect(page.getByRole("row").filter({ hasText: "e2e script" })).toContainText("active");
  });
});

test("security headers: a CSP without unsafe-eval that forbids framing, and the usual others", async ({
  request,
}) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test.describe("secrets", () => {
  test.use({ storageState: signedInAs("admin") });

  test("no password hash, token or database password reaches a page, the API or the audit export", async ({
    page,
    request,
  }) => {
    const token = viewerToken();
    const bodies: string[] = [];
    for (const url of [
      "/",
      "/admin/operators",
      "/admin/tokens",
      "/audit",
      "/tables/maintenance-agent",
    ]) {
      await page.goto(url);
      bodies.push(await page.content());
    }
    for (const url of [
      "/api/queues",
      "/api/health",
      "/api/audit?format=json",
      "/api/audit?format=csv",
    ]) {
      bodies.push(await (await request.get(url, { headers: bearer(token) })).text());
    }
    for (const body of bodies) {
      expect(body).not.toContain("$argon2");
      expect(body).not.toContain(token);
      expect(body).not.toMatch(/postgres(ql)?:\/\/[^\s"'@]*:[^\s"'@]+@/);
      expect(body).not.toContain("password_hash");
    }
  });
});
