import type { APIRequestContext } from "@playwright/test";
import type postgres from "postgres";
import { connect, createDatabase } from "./demo-databases";
import { type ExtraServer, startExtraServer } from "./extra-server";

/** Proxy sign-on headers of an operator, as the fault instances trust them from 127.0.0.1. */
export const OPERATOR = { "x-forwarded-user": "olga", "x-forwarded-groups": "oncall" };

export interface FaultInstance {
  server: ExtraServer;
  /** A client of the instance's own home database. */
  home: postgres.Sql;
  close(): Promise<void>;
}

interface FaultInstanceOptions {
  port: number;
  /** Names its home database (`<prefix><label>_home`). */
  label: string;
  /** Marie's URL as this instance reaches it (through a proxy, say); the demo's by default. */
  marieUrl?: string;
  bulk: { batchSize: number; pauseMs: number };
  /** SWITCHYARD_INSTANCE: names its database sessions `switchyard:<instance>`. */
  instance?: string;
}

/**
 * An app instance for a fault test, with a home database of its own (so the e2e server's bulk
 * worker never takes its operations), the demo's Marie target only, its bulk settings, and proxy
 * sign-on for an operator.
 */
export async function startFaultInstance(options: FaultInstanceOptions): Promise<FaultInstance> {
  const homeDatabase = await createDatabase(`${options.label}_home`);
  const server = await startExtraServer(
    options.port,
    (config) => {
      const targets = config.targets as { id: string; url?: string; bulk?: unknown }[];
      const marie = targets.find((target) => target.id === "marie");
      if (!marie) throw new Error("no marie target in the e2e config");
      if (options.marieUrl) marie.url = options.marieUrl;
      marie.bulk = options.bulk;
      config.home = homeDatabase.url;
      config.targets = [marie];
      config.auth = {
        trustedProxies: ["127.0.0.1", "::1"],
        proxy: { enabled: true, roles: { admin: [], operator: ["group:oncall"], viewer: [] } },
      };
    },
    { env: options.instance ? { SWITCHYARD_INSTANCE: options.instance } : {} },
  );
  const home = connect(homeDatabase.url);
  return {
    server,
    home,
    close: async () => {
      await server.stop();
      await home.end();
      await homeDatabase.drop();
    },
  };
}

export interface OperationState {
  id: string;
  status: string;
  total: number;
  changed: number;
  skipped: number;
  failed: number;
  processed: number;
  lastError: string | null;
  pausedAt: string | null;
}

/** Starts a bulk retry of every failed job of a Marie queue, as an operator, through the API. */
export async function startBulkRetry(
  request: APIRequestContext,
  base: string,
  queue: string,
  total: number,
  headers: Record<string, string> = OPERATOR,
) {
  return request.post(`${base}/api/bulk`, {
    headers: { ...headers, origin: base },
    data: {
      target: "marie",
      system: "marie",
      source: "job",
      queue,
      action: "retry",
      filter: { state: "failed" },
      confirmCount: total,
      reason: "e2e: the partner endpoint is back",
    },
  });
}

/** GET /api/bulk/{id}. */
export async function operationOf(
  request: APIRequestContext,
  base: string,
  id: string,
  headers: Record<string, string> = OPERATOR,
): Promise<OperationState> {
  const response = await request.get(`${base}/api/bulk/${id}`, { headers });
  if (!response.ok()) throw new Error(`GET /api/bulk/${id}: ${response.status()}`);
  return ((await response.json()) as { operation: OperationState }).operation;
}
