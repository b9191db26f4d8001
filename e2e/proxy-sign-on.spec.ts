import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";
import { type ExtraServer, startExtraServer } from "./support/extra-server";
import { actionId } from "./support/server-actions";

const SSO = {
  "x-forwarded-user": "alice",
  "x-forwarded-email": "alice@example.com",
  "x-forwarded-groups": "oncall,ops",
};

function withAuth(auth: Record<string, unknown>) {
  return (config: Record<string, unknown>) => {
    config.auth = auth;
  };
}

test.describe("single sign-on behind a trusted proxy", () => {
  // No session cookie: only the proxy's headers may identify the caller here.
  test.use({ storageState: { cookies: [], origins: [] } });
  let trusted: ExtraServer;
  let untrusted: ExtraServer;

  test.beforeAll(async () => {
    const roles = { admin: ["group:ops"], operator: [], viewer: ["email:bob@example.com"] };
    trusted = await startExtraServer(
      3191,
      withAuth({ trustedProxies: ["127.0.0.1", "::1"], proxy: { enabled: true, roles } }),
    );
    untrusted = await startExtraServer(
      3192,
      withAuth({ trustedProxies: ["10.9.9.9"], proxy: { enabled: true, roles } }),
    );
  });

  test.afterAll(async () => {
    await trusted?.stop();
    await untrusted?.stop();
  });

  test("a user the proxy vouches for gets the role their groups map to", async ({ request }) => {
    expect((await request.get(`${trusted.url}/api/queues`, { headers: SSO })).status()).toBe(200);
    const bob = await request.get(`${trusted.url}/api/audit?format=json`, {
      headers: { "x-forwarded-user": "bob", "x-forwarded-email": "bob@example.com" },
    });
    expect(bob.status()).toBe(200);
    const stranger = await request.get(`${trusted.url}/api/queues`, {
      headers: { "x-forwarded-user": "mallory" },
    });
    expect(stranger.status()).toBe(401);
    expect((await request.get(`${trusted.url}/api/queues`)).status()).toBe(401);
  });

  test("the same headers from an address that is not a configured proxy are ignored", async ({
    request,
  }) => {
    expect((await request.get(`${untrusted.url}/api/queues`, { headers: SSO })).status()).toBe(401);
    const spoofed = await request.get(`${untrusted.url}/api/queues`, {
      headers: { ...SSO, "x-forwarded-for": "10.9.9.9", "x-switchyard-peer": "10.9.9.9" },
    });
    expect(spoofed.status()).toBe(401);
  });

  test("behind a TLS-terminating proxy, the session cookie is Secure", async ({ request }) => {
    const admin = DEMO_ACCOUNTS.find((account) => account.name === "admin");
    const viaProxy = await request.post(`${trusted.url}/sign-in`, {
      headers: {
        "next-action": actionId("app/sign-in/actions.ts", "signInAction"),
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: "https://console.example",
        "x-forwarded-host": "console.example",
        "x-forwarded-proto": "https",
      },
      data: JSON.stringify([{ name: "admin", password: admin?.password }]),
    });
    expect(await viaProxy.text()).toContain('"ok":true');
    expect(viaProxy.headers()["set-cookie"]).toMatch(/switchyard_session=sys_[^;]+;.*Secure/i);
  });
});
