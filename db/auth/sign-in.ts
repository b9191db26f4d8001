import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Role } from "@/lib/auth/roles";
import { ActionRefusal } from "../actions/action-refusal";
import type { HomeExecutor } from "../home-executor";
import { auditEvents, operators } from "../schema";
import { verifyPassword } from "./passwords";
import { createSession } from "./sessions";

export const SIGN_IN_ACTION = "auth.sign_in";
export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

interface Credentials {
  name: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  sessionMaxHours: number;
}

/**
 * Checks a name and password and starts a session. A failure is an ActionRefusal whose audit
 * event names the account tried (that is what the rate limit counts), with one message for "no
 * such account" and "wrong password", and the same cost for both.
 */
export async function signIn(
  executor: HomeExecutor,
  credentials: Credentials,
): Promise<{ token: string; operator: { id: string; name: string; role: Role } }> {
  const name = credentials.name.trim().toLowerCase().slice(0, 100);
  const tried = { actor: { kind: "anonymous" as const, name } };
  if (await tooManyFailures(executor, name, credentials.ip)) {
    throw new ActionRefusal(
      "rate_limited",
      `Too many failed sign-ins. Wait ${SIGN_IN_WINDOW_MINUTES} minutes and try again.`,
      { audit: tried },
    );
  }

  const [operator] = await executor
    .select()
    .from(operators)
    .where(and(eq(operators.name, name), isNull(operators.disabledAt)));
  const valid = await verifyPassword(operator?.passwordHash ?? null, credentials.password);
  if (!operator || !valid) {
    throw new ActionRefusal("invalid_credentials", "Wrong name or password.", { audit: tried });
  }
  const token = await createSession(executor, operator.id, {
    maxHours: credentials.sessionMaxHours,
    ip: credentials.ip,
    userAgent: credentials.userAgent,
  });
  return { token, operator: { id: operator.id, name, role: operator.role } };
}

async function tooManyFailures(executor: HomeExecutor, name: string, ip: string | null) {
  const recentFailures = and(
    eq(auditEvents.action, SIGN_IN_ACTION),
    eq(auditEvents.outcome, "refused"),
    gt(auditEvents.at, sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`),
  );
  const [byName] = await executor
    .select({ n: count() })
    .from(auditEvents)
    .where(and(recentFailures, eq(auditEvents.actorName, name)));
  if ((byName?.n ?? 0) >= MAX_FAILURES_PER_ACCOUNT) return true;
  if (!ip) return false;
  const [byAddress] = await executor
    .select({ n: count() })
    .from(auditEvents)
    .where(and(recentFailures, eq(auditEvents.ip, ip)));
  return (byAddress?.n ?? 0) >= MAX_FAILURES_PER_ADDRESS;
}
