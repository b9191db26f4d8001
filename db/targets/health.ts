import { sql } from "drizzle-orm";
import type { TargetConfig } from "@/lib/config/schema";
import { describeDatabaseError } from "@/lib/database-error";
import { passwordOf, redactSecrets } from "@/lib/redact";
import type { TargetConnection } from "./connect";

export interface TargetHealth {
  id: string;
  name: string;
  kind: TargetConfig["kind"];
  readOnly: boolean;
  reachable: boolean;
  latencyMs: number;
  serverVersion?: string;
  error?: string;
}

const HEALTH_TIMEOUT_MS = 5_000;

/** One round trip to the target: reachable or not, how fast, and which server answered. */
export async function checkHealth(
  target: TargetConfig,
  connection: TargetConnection,
): Promise<TargetHealth> {
  const base = {
    id: target.id,
    name: target.name,
    kind: target.kind,
    readOnly: target.readOnly,
  };
  const started = performance.now();
  try {
    const serverVersion = await withTimeout(serverVersionOf(connection), HEALTH_TIMEOUT_MS);
    return { ...base, reachable: true, latencyMs: elapsed(started), serverVersion };
  } catch (error) {
    const secrets = target.kind === "postgres" ? [passwordOf(target.url) ?? ""] : [];
    return {
      ...base,
      reachable: false,
      latencyMs: elapsed(started),
      error: redactSecrets(describeDatabaseError(error), secrets),
    };
  }
}

async function serverVersionOf(connection: TargetConnection): Promise<string> {
  if (connection.kind === "postgres") {
    const rows = await connection.db.execute<{ version: string }>(
      sql`select current_setting('server_version') as version`,
    );
    return `PostgreSQL ${rows[0]?.version ?? "?"}`;
  }
  const rows = await connection.db.all<{ version: string }>(
    sql`select sqlite_version() as version`,
  );
  return `SQLite ${rows[0]?.version ?? "?"}`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The promise, or a rejection once `ms` pass without an answer. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
