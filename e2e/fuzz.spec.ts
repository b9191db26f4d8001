import { type APIRequestContext, expect, test } from "@playwright/test";
import fc from "fast-check";
import { cookieOf } from "./support/accounts";
import { E2E_BASE_URL } from "./support/base-url";
import { allActions, callAction } from "./support/server-actions";

/**
 * Every API route with hostile input, as an operator: malformed ids, wrong types, huge strings,
 * unicode, SQL metacharacters, negative and enormous limits, forged cursors and unknown targets.
 * The answer must always be a coded 4xx (or a 2xx for input that happens to be fine), never a 5xx.
 */

const RUNS = 40;
// A fixed seed keeps CI repeatable; FUZZ_SEED=<n> (or "random") explores other inputs.
const seedSetting = process.env.FUZZ_SEED ?? "20261122";
if (seedSetting !== "random") fc.configureGlobal({ seed: Number(seedSetting) });

const metacharacters = fc.constantFrom(
  "' OR 1=1 --",
  "'; drop table audit_events; --",
  '"',
  "%",
  "_",
  "\\",
  "\u0000",
  "../../etc/passwd",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "NaN",
  "null",
  "[]",
  "{}",
  "𝕊𝕨𝕚𝕥𝕔𝕙",
  "eyJjcmVhdGVkQXQiOiIxOTcwIiwiaWQiOiIxIn0",
);
/** For URLs: a request line must stay under the server's 16 KB header limit. */
const hostile = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 500, maxLength: 1000 }),
  metacharacters,
);
/** For JSON bodies, which may be large. */
const hostileValue = fc.oneof(hostile, fc.string({ minLength: 3000, maxLength: 20000 }));
const segment = fc.oneof(
  fc.constantFrom("coach-artie", "marie", "billing", "acolib", "generic", "nope"),
  hostile,
);
const queryOf = (keys: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...keys), hostile, { maxKeys: keys.length });
const json = fc.oneof(
  fc.anything(),
  fc.record(
    {
      target: segment,
      system: segment,
      source: segment,
      queue: segment,
      action: fc.oneof(fc.constantFrom("retry", "skip", "cancel"), hostile),
      jobId: hostileValue,
      seenState: fc.oneof(hostileValue, fc.constant(null), fc.integer()),
      seenVersion: fc.oneof(hostileValue, fc.constant(null), fc.double()),
      filter: fc.oneof(queryOf(["state", "rawState", "type", "from", "to", "id"]), hostile),
      ids: fc.oneof(fc.array(hostile, { maxLength: 5 }), hostile),
      confirmCount: fc.oneof(fc.integer(), fc.double(), hostile),
      reason: hostileValue,
      key: hostileValue,
    },
    { requiredKeys: [] },
  ),
);

const enc = encodeURIComponent;

/**
 * A value as React's client encodes a server action's arguments: a string starting with "$" is
 * sent as "$$…", since an unescaped "$B1" or "$@0" is a reference in React's reply protocol.
 * (Raw, such a forged protocol message makes Next's decoder fail before any of our code runs.)
 */
function asReactEncodes(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(asReactEncodes);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, asReactEncodes(inner)]),
    );
  }
  return value;
}
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

let tried = 0;

/** A real signed cursor of each kind of list, as the API hands them out. */
async function signedCursors(request: APIRequestContext) {
  const headers = { cookie: cookieOf("operator") };
  const next = async (url: string) => {
    const body = (await (await request.get(url, { headers })).json()) as {
      nextCursor?: string | null;
    };
    if (!body.nextCursor) throw new Error(`${url} has a single page; the demo has more`);
    return body.nextCursor;
  };
  const jobs = await next("/api/queues/coach-artie/coach-artie/calculate/jobs?limit=5");
  const rows = await next("/api/tables/coach-artie/public.queue/rows?limit=5");
  // The audit API exports; its cursors are the audit page's (100 events a page), taken from its
  // "Older events" link. Refused actions on an unknown target fill it when it is short.
  let auditCursor: string | undefined;
  for (let round = 0; round < 3 && !auditCursor; round++) {
    const html = await (await request.get("/audit", { headers })).text();
    auditCursor = /[?&](?:amp;)?cursor=([A-Za-z0-9_.-]+)/.exec(html)?.[1];
    if (auditCursor) break;
    for (let n = 0; n < 60; n++) {
      await request.post("/api/jobs/nope/generic/1/actions/retry", {
        headers: { ...headers, origin: E2E_BASE_URL },
        data: { source: "webhooks", seenState: "dead", seenVersion: null },
      });
    }
  }
  if (!auditCursor) throw new Error("the audit page never got a second page");
  return { jobs, rows, audit: auditCursor };
}

/** The cursor with one character replaced by another. */
function tampered(cursor: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: cursor.length - 1 }), fc.constantFrom(..."ABCXYZabcxyz0189-_."))
    .map(([at, char]) => cursor.slice(0, at) + char + cursor.slice(at + 1))
    .filter((changed) => changed !== cursor);
}

async function expectNo5xx(
  request: APIRequestContext,
  method: "GET" | "POST",
  url: string,
  data?: unknown,
) {
  const headers = { cookie: cookieOf("operator"), origin: E2E_BASE_URL };
  const response =
    method === "GET"
      ? await request.get(url, { headers })
      : await request.post(url, { headers, data: data === undefined ? {} : JSON.stringify(data) });
  tried += 1;
  expect(response.status(), `${method} ${url.slice(0, 300)}`).toBeLessThan(500);
  const isJson = (response.headers()["content-type"] ?? "").includes("json");
  if (response.status() >= 400 && isJson) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string };
      code?: string;
    } | null;
    expect(body?.error?.code ?? body?.code, `${method} ${url.slice(0, 300)}`).toEqual(
      expect.any(String),
    );
  }
}

test.describe("hostile input to every API route", () => {
  test.setTimeout(240_000);

  test("read routes answer 4xx with a code, never 5xx", async ({ request }) => {
    // Cursor parameters get hostile text, and also real signed cursors with one character changed.
    const signed = await signedCursors(request);
    const cursorText = fc.oneof(
      hostile,
      fc.constantFrom(...Object.values(signed)).chain((cursor) => tampered(cursor)),
    );
    const query = (keys: readonly string[]) =>
      fc
        .tuple(queryOf(keys), cursorText, fc.boolean())
        .map(([params, cursor, withCursor]) =>
          keys.includes("cursor") && withCursor ? { ...params, cursor } : params,
        );
    const cases: [string, fc.Arbitrary<string>][] = [
      [
        "queue jobs",
        fc
          .tuple(
            segment,
            segment,
            segment,
            query(["state", "rawState", "type", "from", "to", "id", "cursor", "limit"]),
          )
          .map(([t, s, q, p]) => `/api/queues/${enc(t)}/${enc(s)}/${enc(q)}/jobs?${qs(p)}`),
      ],
      [
        "job",
        fc
          .tuple(segment, segment, hostile, query(["source"]))
          .map(([t, s, id, p]) => `/api/jobs/${enc(t)}/${enc(s)}/${enc(id)}?${qs(p)}`),
      ],
      ["stuck", query(["target", "system", "queue", "reason"]).map((p) => `/api/stuck?${qs(p)}`)],
      [
        "audit",
        query(["format", "actor", "action", "target", "outcome", "from", "to", "cursor"]).map(
          (p) => `/api/audit?${qs(p)}`,
        ),
      ],
      [
        "preview",
        fc
          .tuple(segment, query(["action", "source", "ids", "stuck", "state", "rawState", "id"]))
          .map(([q, p]) => `/api/queues/coach-artie/coach-artie/${enc(q)}/preview?${qs(p)}`),
      ],
      ["tables", segment.map((t) => `/api/tables/${enc(t)}`)],
      [
        "table",
        fc.tuple(segment, hostile).map(([t, table]) => `/api/tables/${enc(t)}/${enc(table)}`),
      ],
      [
        "table rows",
        fc
          .tuple(
            fc.constantFrom("coach-artie", "acolib", "billing"),
            fc.oneof(
              fc.constantFrom("public.queue", "main.tasks", "public.webhook_deliveries"),
              hostile,
            ),
            query(["cursor", "limit", "filter", "sort", "key"]),
          )
          .map(([t, table, p]) => `/api/tables/${enc(t)}/${enc(table)}/rows?${qs(p)}`),
      ],
      ["migrations", query(["target"]).map((p) => `/api/migrations?${qs(p)}`)],
      ["bulk operation", hostile.map((id) => `/api/bulk/${enc(id)}`)],
      ["reviews", query(["target", "state", "limit"]).map((p) => `/api/reviews?${qs(p)}`)],
      ["review", hostile.map((id) => `/api/reviews/${enc(id)}`)],
    ];
    for (const [, urls] of cases) {
      await fc.assert(
        fc.asyncProperty(urls, (url) => expectNo5xx(request, "GET", url)),
        { numRuns: RUNS },
      );
    }
  });

  test("mutating routes answer 4xx with a code, never 5xx, and change nothing", async ({
    request,
  }) => {
    const before = await request.get("/api/audit?format=json&outcome=ok&action=jobs.act", {
      headers: { cookie: cookieOf("operator") },
    });
    await fc.assert(
      fc.asyncProperty(
        segment,
        segment,
        hostile,
        fc.constantFrom("retry", "skip", "cancel", "x"),
        json,
        (t, s, id, action, body) =>
          expectNo5xx(
            request,
            "POST",
            `/api/jobs/${enc(t)}/${enc(s)}/${enc(id)}/actions/${action}`,
            body,
          ),
      ),
      { numRuns: RUNS * 2 },
    );
    await fc.assert(
      fc.asyncProperty(json, (body) => expectNo5xx(request, "POST", "/api/bulk", body)),
      { numRuns: RUNS * 2 },
    );
    await fc.assert(
      fc.asyncProperty(hostile, json, (id, body) =>
        expectNo5xx(request, "POST", `/api/bulk/${enc(id)}/cancel`, body),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(segment, hostile, json, (t, table, body) =>
        expectNo5xx(request, "POST", `/api/tables/${enc(t)}/${enc(table)}/reveal`, body),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(json, (body) => expectNo5xx(request, "POST", "/api/reviews", body)),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        hostile,
        fc.constantFrom("decision", "apply", "cancel"),
        json,
        (id, step, body) => expectNo5xx(request, "POST", `/api/reviews/${enc(id)}/${step}`, body),
      ),
      { numRuns: RUNS },
    );
    const after = await request.get("/api/audit?format=json&outcome=ok&action=jobs.act", {
      headers: { cookie: cookieOf("operator") },
    });
    expect(await after.text()).toBe(await before.text());
    const reviews = await request.get("/api/reviews", {
      headers: { cookie: cookieOf("operator") },
    });
    expect((await reviews.json()).reviews).toEqual([]);
  });

  test("every list refuses a tampered or borrowed cursor with 400 invalid_cursor", async ({
    request,
  }) => {
    const headers = { cookie: cookieOf("operator") };
    const signed = await signedCursors(request);
    const lists = {
      jobs: "/api/queues/coach-artie/coach-artie/calculate/jobs?limit=5",
      rows: "/api/tables/coach-artie/public.queue/rows?limit=5",
      audit: "/api/audit?format=json",
    } satisfies Record<keyof typeof signed, string>;
    const expectRefused = async (url: string) => {
      const response = await request.get(url, { headers });
      tried += 1;
      expect(response.status(), url).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_cursor");
      expect(body.error.message).toContain("not one this console issued");
    };
    for (const [list, url] of Object.entries(lists) as [keyof typeof signed, string][]) {
      // The untouched cursor is read; with one character changed it is refused.
      expect((await request.get(`${url}&cursor=${enc(signed[list])}`, { headers })).status()).toBe(
        200,
      );
      await fc.assert(
        fc.asyncProperty(tampered(signed[list]), (cursor) =>
          expectRefused(`${url}&cursor=${enc(cursor)}`),
        ),
        { numRuns: RUNS / 2 },
      );
    }
    // A cursor signed for one list is refused by another: another queue, another sort.
    await expectRefused(
      `/api/queues/coach-artie/coach-artie/summarize/jobs?cursor=${enc(signed.jobs)}`,
    );
    await expectRefused(`${lists.rows}&sort=-id&cursor=${enc(signed.rows)}`);
    await expectRefused(`/api/tables/coach-artie/public.queue/rows?cursor=${enc(signed.jobs)}`);
  });

  test("a page whose link holds a tampered cursor says so and offers the first page", async ({
    page,
    request,
  }) => {
    const signed = await signedCursors(request);
    const pages = [
      ["/queues/coach-artie/coach-artie/calculate", signed.jobs],
      ["/tables/coach-artie/public.queue", signed.rows],
      ["/audit", signed.audit],
    ] as const;
    for (const [path, cursor] of pages) {
      const bad = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
      const response = await page.goto(`${path}?cursor=${enc(bad)}`);
      expect(response?.status(), path).toBe(200);
      await expect(
        page.getByRole("alert").filter({ hasText: "This page link is not valid" }),
      ).toContainText("not one this console issued");
      await page.getByRole("link", { name: "Go to the first page" }).click();
      await expect(page).toHaveURL(
        (url) => url.pathname === path && !url.searchParams.has("cursor"),
      );
      await expect(page.getByText("This page link is not valid")).toHaveCount(0);
    }
  });

  test("every server action answers hostile input without a 5xx and changes nothing", async ({
    request,
  }) => {
    // The page each action file is posted to: one that imports it. Signing out is left out (it
    // would end the shared operator session the other specs use).
    const pages: Record<string, string> = {
      "app/sign-in/actions.ts": "/sign-in",
      "app/(console)/admin/actions.ts": "/admin/operators",
      "app/(console)/queues/actions.ts": "/stuck",
      "app/(console)/reviews/actions.ts": "/reviews",
      "app/(console)/tables/actions.ts": "/tables/coach-artie/public.queue/row",
    };
    const actions = allActions().filter((action) => action.exportedName !== "signOutAction");
    expect(actions.map((action) => action.file).every((file) => file in pages)).toBe(true);
    for (const action of actions) {
      await fc.assert(
        fc.asyncProperty(json, async (input) => {
          tried++;
          const response = await callAction(request, action.id, asReactEncodes(input), {
            page: pages[action.file] ?? "/",
            cookie: cookieOf("operator"),
          });
          expect(response.status(), `${action.exportedName} ${JSON.stringify(input)}`).toBeLessThan(
            500,
          );
        }),
        { numRuns: RUNS / 2 },
      );
    }
    const reviews = await request.get("/api/reviews", {
      headers: { cookie: cookieOf("operator") },
    });
    expect((await reviews.json()).reviews).toEqual([]);
  });

  test.afterAll(() => {
    console.log(`fuzz: ${tried} requests, none answered 5xx`);
  });
});
