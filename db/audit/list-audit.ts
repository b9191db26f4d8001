import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { AuditFilter } from "@/lib/audit/audit-filter";
import type { Cursor } from "@/lib/cursor";
import type { HomeExecutor } from "../home-executor";
import { auditEvents } from "../schema";

export type AuditEvent = typeof auditEvents.$inferSelect;

export interface AuditPage {
  events: AuditEvent[];
  next: Cursor | null;
}

/**
 * Audit events newest first, filtered by who, what, where and when. Pages by keyset on the id:
 * ids follow insertion order exactly, where timestamps from concurrent transactions may not.
 */
export async function listAudit(
  executor: HomeExecutor,
  filter: AuditFilter,
  cursor: Cursor | null,
  limit: number,
): Promise<AuditPage> {
  const conditions: (SQL | undefined)[] = [
    filter.actor ? eq(auditEvents.actorName, filter.actor.toLowerCase()) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.target ? eq(auditEvents.target, filter.target) : undefined,
    filter.outcome ? eq(auditEvents.outcome, filter.outcome) : undefined,
    filter.from ? gte(auditEvents.at, filter.from) : undefined,
    filter.to ? lt(auditEvents.at, filter.to) : undefined,
    cursor ? lt(auditEvents.id, Number(cursor.id)) : undefined,
  ];
  const rows = await executor
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return {
    events,
    next:
      rows.length > limit && last
        ? { createdAt: last.at.toISOString(), id: String(last.id) }
        : null,
  };
}
