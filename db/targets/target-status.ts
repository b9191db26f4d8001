import "server-only";
import { inArray, sql } from "drizzle-orm";
import { home } from "../index";
import { targetStatus } from "../schema";
import type { TargetHealth } from "./health";

/** Remembers each observation so an unreachable target can say when it was last seen. Best effort. */
export async function recordHealth(results: TargetHealth[]): Promise<void> {
  if (results.length === 0) return;
  const now = new Date();
  try {
    await home()
      .db.insert(targetStatus)
      .values(
        results.map((health) => ({
          targetId: health.id,
          reachable: health.reachable,
          checkedAt: now,
          lastSeenAt: health.reachable ? now : null,
          latencyMs: health.latencyMs,
          serverVersion: health.serverVersion ?? null,
          lastError: health.error ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: targetStatus.targetId,
        set: {
          reachable: sql`excluded.reachable`,
          checkedAt: sql`excluded.checked_at`,
          lastSeenAt: sql`coalesce(excluded.last_seen_at, ${targetStatus.lastSeenAt})`,
          latencyMs: sql`excluded.latency_ms`,
          serverVersion: sql`coalesce(excluded.server_version, ${targetStatus.serverVersion})`,
          lastError: sql`excluded.last_error`,
        },
      });
  } catch (error) {
    console.error("switchyard: could not record target health in the home database", error);
  }
}

/** When each target last answered, from the home database; empty when that is unavailable. */
export async function lastSeen(targetIds: string[]): Promise<Map<string, Date>> {
  try {
    const rows = await home()
      .db.select({ id: targetStatus.targetId, at: targetStatus.lastSeenAt })
      .from(targetStatus)
      .where(inArray(targetStatus.targetId, targetIds));
    return new Map(rows.flatMap((row) => (row.at ? [[row.id, row.at] as const] : [])));
  } catch {
    return new Map();
  }
}
