import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { hasRole, type Role } from "@/lib/auth/roles";
import { describeDatabaseError, isUnreachable } from "@/lib/database-error";
import { HomeUnavailableError, homeUnavailableMessage } from "@/lib/home-unavailable";
import { containsNul, NUL_MESSAGE } from "@/lib/http/contains-nul";
import { InputError, NotFoundError } from "@/lib/input-error";
import { fail, ok, type Result } from "@/lib/result";
import { type AuditActor, recordAudit } from "../audit/record-audit";
import { OperatorError } from "../auth/operators";
import { type Actor, currentActor, type RequestInfo, requestInfo } from "../auth/request-context";
import type { HomeExecutor } from "../home-executor";
import { discardHome, home } from "../index";
import { findTarget } from "../targets/registry";
import { ActionRefusal } from "./action-refusal";
import type { AuditDetails } from "./audit-details";

export interface ActionContext {
  actor: Actor | null;
  request: RequestInfo;
  /** The home-database transaction the audit event is written in; use it for Switchyard's own tables. */
  tx: HomeExecutor;
}

export interface ActionSpec<Input, Output> {
  /** The audit action name, e.g. "operators.set_role". */
  name: string;
  /** The least role allowed; "public" only for signing in. */
  role: Role | "public";
  input: z.ZodType<Input>;
  /** The target the action would change, so a read-only target refuses it. */
  target?: (input: Input) => string | null;
  run(input: Input, context: ActionContext): Promise<{ data: Output; audit?: AuditDetails }>;
  /** Paths whose pages show what the action changed. */
  revalidate?: (input: Input) => string[];
}

/** Declares an action's spec with its types inferred, so one spec can serve an action and a route. */
export function actionSpec<Input, Output>(
  spec: ActionSpec<Input, Output>,
): ActionSpec<Input, Output> {
  return spec;
}

type Outcome = { outcome: "ok" | "refused" | "failed"; errorCode?: string };

/**
 * The one path of every mutation: same origin → authenticate → role → parse → writable target →
 * run and audit in one home transaction → revalidate → Result. Refusals are audited too, so the
 * log shows who tried what they were not allowed to. Without the home database nothing can be
 * audited, so nothing is done: `home_unavailable`, whoever asks.
 */
export async function runGuarded<Input, Output>(
  spec: ActionSpec<Input, Output>,
  rawInput: unknown,
): Promise<Result<Output>> {
  const request = await requestInfo();
  const resolved = await currentActor().catch((error: unknown) => error);
  if (resolved instanceof HomeUnavailableError) return fail(resolved.code, resolved.message);
  const actor = resolved instanceof Error || !resolved ? null : (resolved as Actor);
  if (actor?.homeUnavailable) {
    return fail("home_unavailable", homeUnavailableMessage(actor.homeUnavailable));
  }
  const audit = (executor: HomeExecutor, details: AuditDetails & Outcome) => {
    const { actor: subject, ...rest } = details;
    return recordAudit(executor, {
      ...rest,
      actor: subject ?? auditActor(actor),
      action: spec.name,
      ip: request.ip,
      userAgent: request.userAgent,
    });
  };
  const refuse = async (code: string, message: string, details: AuditDetails = {}) => {
    await audit(home().db, { ...details, outcome: "refused", errorCode: code }).catch(() => {});
    return fail(code, message);
  };

  if (!request.bearer && !sameOrigin(request)) {
    return refuse("foreign_origin", "This request came from another site and was refused.");
  }
  if (spec.role !== "public") {
    if (!actor) return refuse("unauthenticated", "Sign in first.");
    if (!hasRole(actor.role, spec.role)) {
      return refuse("forbidden", `This needs the ${spec.role} role; you are ${actor.role}.`);
    }
  }

  if (containsNul(rawInput)) return fail("invalid_input", NUL_MESSAGE);
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success)
    return fail("invalid_input", "Some fields are not valid.", fieldErrors(parsed.error));
  const input = parsed.data;

  const targetId = spec.target?.(input) ?? null;
  if (targetId !== null) {
    const target = findTarget(targetId);
    if (!target) return refuse("unknown_target", `No target "${targetId}".`, { target: targetId });
    if (target.readOnly) {
      const message = `Target "${targetId}" is read-only: nothing can be changed on it.`;
      return refuse("target_read_only", message, { target: targetId });
    }
  }

  let result: { data: Output; audit?: AuditDetails };
  let running = false;
  try {
    result = await home().db.transaction(async (tx) => {
      running = true;
      const outcome = await spec.run(input, { actor, request, tx });
      await audit(tx, {
        target: targetId,
        reason: reasonOf(input),
        ...outcome.audit,
        outcome: "ok",
      });
      return outcome;
    });
  } catch (error) {
    if (error instanceof ActionRefusal) {
      await audit(home().db, {
        target: targetId,
        ...error.audit,
        outcome: "refused",
        errorCode: error.code,
      }).catch(() => {});
      return fail(error.code, error.message, error.fieldErrors);
    }
    if (error instanceof NotFoundError || error instanceof InputError) {
      const code = error instanceof NotFoundError ? "not_found" : "invalid_input";
      await audit(home().db, { target: targetId, outcome: "refused", errorCode: code }).catch(
        () => {},
      );
      return fail(code, error.message);
    }
    if (error instanceof OperatorError) {
      await audit(home().db, { target: targetId, outcome: "refused", errorCode: error.code }).catch(
        () => {},
      );
      return fail(error.code, error.message);
    }
    if (isUnreachable(error)) {
      // Before the action ran, only the home database was involved: without it nothing can be
      // audited, so nothing is done. Once running, it was the target that could not be reached.
      const reason = describeDatabaseError(error);
      console.error(`switchyard: action ${spec.name}: ${reason}`);
      // Actions without a target change only Switchyard's own tables: it was the home database.
      if (!running || targetId === null) {
        discardHome();
        return fail("home_unavailable", homeUnavailableMessage(reason));
      }
      const code = "target_unavailable";
      await audit(home().db, { target: targetId, outcome: "failed", errorCode: code }).catch(
        () => {},
      );
      return fail(code, `Target "${targetId}" could not be reached (${reason}); nothing was done.`);
    }
    console.error(`switchyard: action ${spec.name} failed`, error);
    await audit(home().db, { target: targetId, outcome: "failed", errorCode: "internal" }).catch(
      (auditError: unknown) =>
        console.error(
          `switchyard: could not audit the failure of ${spec.name}:`,
          describeDatabaseError(auditError),
        ),
    );
    return fail("internal", "The action failed; the server log has the cause.");
  }
  for (const path of spec.revalidate?.(input) ?? []) revalidatePath(path);
  return ok(result.data);
}

/** Any action may take a free-text `reason`; it goes to the audit log with the action. */
function reasonOf(input: unknown): string | null {
  const reason = (input as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" && reason.trim() ? reason.trim().slice(0, 1000) : null;
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "input");
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

/** Cookie-authenticated writes must come from this site; browsers always send Origin on POST. */
function sameOrigin(request: RequestInfo): boolean {
  if (!request.origin || !request.host) return false;
  try {
    return new URL(request.origin).host === request.host;
  } catch {
    return false;
  }
}

function auditActor(actor: Actor | null): AuditActor {
  return actor
    ? { kind: actor.kind, id: actor.id, name: actor.name }
    : { kind: "anonymous", name: "anonymous" };
}
