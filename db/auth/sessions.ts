import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Role } from "@/lib/auth/roles";
import { newSecret, SESSION_PREFIX, sha256Hex } from "@/lib/auth/secrets";
import type { HomeExecutor } from "../home-executor";
import { operators, sessions } from "../schema";

export interface SessionOperator {
  tokenHash: string;
  operatorId: string;
  name: string;
  role: Role;
}

/** Starts a session and returns the token for the cookie (the database keeps only its hash). */
export async function createSession(
  executor: HomeExecutor,
  operatorId: string,
  options: { maxHours: number; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = newSecret(SESSION_PREFIX);
  await executor.insert(sessions).values({
    tokenHash: sha256Hex(token),
    operatorId,
    expiresAt: sql`now() + make_interval(hours => ${options.maxHours})`,
    ip: options.ip,
    userAgent: options.userAgent?.slice(0, 500) ?? null,
  });
  return token;
}

/**
 * The operator behind a session token, if the session is within both its idle and absolute
 * lifetime and the operator is still enabled. Records activity at most once a minute.
 */
export async function resolveSession(
  executor: HomeExecutor,
  token: string,
  idleMinutes: number,
): Promise<SessionOperator | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 100) return null;
  const tokenHash = sha256Hex(token);
  const [row] = await executor
    .select({
      operatorId: operators.id,
      name: operators.name,
      role: operators.role,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${idleMinutes})`),
        isNull(operators.disabledAt),
      ),
    );
  if (!row) return null;
  await executor
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        lt(sessions.lastSeenAt, sql`now() - interval '1 minute'`),
      ),
    );
  return { tokenHash, operatorId: row.operatorId, name: row.name, role: row.role };
}

export async function deleteSession(executor: HomeExecutor, token: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
}
