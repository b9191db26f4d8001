import type { AuditActor, AuditEntry } from "../audit/record-audit";

/**
 * What an action tells the audit log beyond who, when and from where. `actor` replaces the
 * caller for actions whose subject is someone else (a sign-in names who tried).
 */
export type AuditDetails = Partial<
  Pick<
    AuditEntry,
    | "target"
    | "system"
    | "objects"
    | "reason"
    | "changed"
    | "skipped"
    | "failed"
    | "before"
    | "after"
  >
> & { actor?: AuditActor };
