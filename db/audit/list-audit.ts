import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { AuditFilter } from "@/lib/audit/audit-filter";
import {
  type Cursor,
  type CursorCodec,
  cursorScope,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
} from "@/lib/cursor";
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

/** The audit position a signed cursor names; InvalidCursorError when this console did not issue it. */
export function readAuditCursor(cursors: CursorCodec, text: string): Cursor {
  const cursor = decodeCursor(cursors, cursorScope.audit(), text);
  if (!/^\d{1,18}$/.test(cursor.id)) throw new InvalidCursorError();
  return cursor;
}

/** One page of the audit page: the given cursor verified, the next one signed. */
export async function auditPage(
  executor: HomeExecutor,
  filter: AuditFilter,
  cursorText: string | null,
  cursors: CursorCodec,
  limit: number,
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const cursor = cursorText ? readAuditCursor(cursors, cursorText) : null;
  const page = await listAudit(executor, filter, cursor, limit);
  return {
    events: page.events,
    nextCursor: page.next ? encodeCursor(cursors, cursorScope.audit(), page.next) : null,
  };
}
