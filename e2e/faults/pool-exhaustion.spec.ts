import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import { HOME_POOL_SIZE } from "../../db/connect-home";
import { loadPage, type PageLoad } from "../../scripts/bench/http-load";
import { cookieOf } from "../support/accounts";
import { connect, demoHomeUrl } from "../support/demo-databases";
import { type ExtraServer, startExtraServer } from "../support/extra-server";
import { extraPort } from "../support/ports";

const POOL_SIZE = 2;
const CLIENTS = 50;
const SECONDS = 30;
/** The heaviest reads: every queue's counts, one queue's page, every stuck rule of every target. */
const PAGES = ["/", "/queues/marie/marie/extract", "/stuck"];

/**
 * 50 concurrent signed-in clients on the heaviest pages for 30 s, against an instance whose
 * targets each have a pool of 2: pg_stat_activity, sampled throughout, never shows more than 2
 * of its sessions on any target (nor more than 10 on the home database), and once the load stops
 * the console answers again within a second.
 */
test.describe("a console under heavy load", () => {
  let server: ExtraServer;
  let observer: postgres.Sql;

  test.beforeAll(async () => {
    server = await startExtraServer(
      extraPort(5),
      (config) => {
        for (const target of config.targets as { url?: string; poolSize?: number }[])
          if (target.url) target.poolSize = POOL_SIZE;
      },
      // Its sessions are named switchyard:pool-test, apart from the e2e server's.
      { env: { SWITCHYARD_INSTANCE: "pool-test" } },
    );
    observer = connect(demoHomeUrl());
  });

  test.afterAll(async () => {
    await observer?.end();
    await server?.stop();
  });

  test("keeps within its pools and answers within a second after the load", async () => {
    test.setTimeout(120_000);
    const cookie = cookieOf("viewer");
    const peak = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await observer<{ key: string; sessions: number }[]>`
          select application_name || ' on ' || datname as key, count(*)::int as sessions
          from pg_stat_activity
          where application_name in ('switchyard:pool-test', 'switchyard-home:pool-test')
          group by 1`;
        for (const { key, sessions } of rows) peak.set(key, Math.max(peak.get(key) ?? 0, sessions));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const share = (index: number) =>
      Math.floor(CLIENTS / PAGES.length) + (index < CLIENTS % PAGES.length ? 1 : 0);
    let loads: PageLoad[];
    try {
      loads = await Promise.all(
        PAGES.map((path, index) => loadPage(server.url, path, cookie, share(index), SECONDS)),
      );
    } finally {
      sampling = false;
      await sampler;
    }

    // The load stopped (every client has its last answer): the console answers at once again.
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    };
    const health = await timed("/api/health");
    const overview = await timed("/");
    test.info().annotations.push({
      type: "load",
      description: JSON.stringify({ loads, peak: Object.fromEntries(peak), health, overview }),
    });

    for (const load of loads) {
      expect(load.requests, `requests to ${load.path}`).toBeGreaterThan(CLIENTS / PAGES.length);
      expect(load.errors, `non-200 answers from ${load.path}`).toBe(0);
    }
    const targets = [...peak].filter(([key]) => key.startsWith("switchyard:pool-test "));
    expect(targets.length).toBeGreaterThan(0);
    for (const [key, sessions] of targets) expect(sessions, key).toBeLessThanOrEqual(POOL_SIZE);
    // The pools were used to the full: the limit held under pressure, not for want of load.
    expect(Math.max(...targets.map(([, sessions]) => sessions))).toBe(POOL_SIZE);
    for (const [key, sessions] of peak)
      if (key.startsWith("switchyard-home:"))
        expect(sessions, key).toBeLessThanOrEqual(HOME_POOL_SIZE);

    // Generous bounds: within 1 s each, on a shared 2-core machine.
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1_000);
    expect(overview.status).toBe(200);
    expect(overview.ms).toBeLessThan(1_000);
  });
});
