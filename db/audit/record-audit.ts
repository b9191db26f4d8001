import type { HomeExecutor } from "../home-executor";
import { auditEvents } from "../schema";

export interface AuditActor {
  kind: "operator" | "token" | "proxy" | "cli" | "system" | "anonymous";
  id?: string | null;
  name: string;
}

export interface AuditEntry {
  actor: AuditActor;
  ip?: string | null;
  userAgent?: string | null;
  target?: string | null;
  system?: string | null;
  action: string;
  objects?: unknown;
  reason?: string | null;
  outcome: "ok" | "refused" | "failed";
  changed?: number | null;
  skipped?: number | null;
  failed?: number | null;
  errorCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one event. Pass the transaction that made the change, so both commit or neither. */
export async function recordAudit(executor: HomeExecutor, entry: AuditEntry): Promise<number> {
  const [row] = await executor
    .insert(auditEvents)
    .values({
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      actorName: entry.actor.name,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 500) ?? null,
      target: entry.target ?? null,
      system: entry.system ?? null,
      action: entry.action,
      objects: entry.objects ?? null,
      reason: entry.reason ?? null,
      outcome: entry.outcome,
      changed: entry.changed ?? null,
      skipped: entry.skipped ?? null,
      failed: entry.failed ?? null,
      errorCode: entry.errorCode ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .returning({ id: auditEvents.id });
  return row?.id ?? 0;
}
