import type { AuditDetails } from "./audit-details";

/**
 * Thrown inside an action to refuse it for a reason the operator should read (the row changed,
 * the last admin, ...): it is audited as refused and returned as a coded message.
 */
export class ActionRefusal extends Error {
  readonly code: string;
  readonly fieldErrors?: Record<string, string[]>;
  /** What the audit event of this refusal should say beyond the defaults (e.g. the name tried). */
  readonly audit?: AuditDetails;

  constructor(
    code: string,
    message: string,
    options: { fieldErrors?: Record<string, string[]>; audit?: AuditDetails } = {},
  ) {
    super(message);
    this.name = "ActionRefusal";
    this.code = code;
    if (options.fieldErrors) this.fieldErrors = options.fieldErrors;
    if (options.audit) this.audit = options.audit;
  }
}
