import { z } from "zod";
import type { Signer } from "../signed";
import { ROLES, type Role } from "./roles";

/**
 * A read-only pass: what the home database said about a session when it last could, signed, so
 * that while the home database is unreachable the operator behind the session can still read
 * (never change anything) until the pass expires. It is bound to one session: it is signed for
 * the SHA-256 of that session's token, and is worthless with any other cookie.
 */
export interface OutagePass {
  operatorId: string;
  name: string;
  role: Role;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export const PASS_COOKIE = "switchyard_pass";

const payloadSchema = z.strictObject({
  o: z.string().max(100),
  n: z.string().max(100),
  r: z.enum(ROLES),
  e: z.number().int(),
});

const scopeOf = (sessionTokenHash: string) => JSON.stringify(["outage-pass", sessionTokenHash]);

export function signPass(signer: Signer, sessionTokenHash: string, pass: OutagePass): string {
  return signer.sign(scopeOf(sessionTokenHash), {
    o: pass.operatorId,
    n: pass.name,
    r: pass.role,
    e: pass.expiresAt,
  });
}

/** The pass, when it was signed for this session and has not expired; null otherwise. */
export function verifyPass(
  signer: Signer,
  sessionTokenHash: string,
  text: string,
  now: number = Date.now(),
): OutagePass | null {
  const parsed = payloadSchema.safeParse(signer.verify(scopeOf(sessionTokenHash), text));
  if (!parsed.success || parsed.data.e <= now) return null;
  return {
    operatorId: parsed.data.o,
    name: parsed.data.n,
    role: parsed.data.r,
    expiresAt: parsed.data.e,
  };
}
