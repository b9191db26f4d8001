import "server-only";
import type { cookies } from "next/headers";
import { type OutagePass, PASS_COOKIE, signPass, verifyPass } from "@/lib/auth/outage-pass";
import type { Role } from "@/lib/auth/roles";
import { sha256Hex } from "@/lib/auth/secrets";
import { passSigner } from "../signing-keys";
import { getConfig } from "../targets/registry";

type CookieJar = Awaited<ReturnType<typeof cookies>>;

interface Holder {
  operatorId: string;
  name: string;
  role: Role;
}

/**
 * Gives the browser a read-only pass for its session, valid `auth.outageReadMinutes` from now:
 * at sign-in, and whenever an open console renews it while the home database vouches for the
 * session. With 0 minutes there is no pass at all.
 */
export async function issuePass(
  jar: CookieJar,
  sessionToken: string,
  holder: Holder,
  secure: boolean,
): Promise<number | null> {
  const minutes = getConfig().auth.outageReadMinutes;
  if (minutes === 0) {
    jar.delete(PASS_COOKIE);
    return null;
  }
  const expiresAt = Date.now() + minutes * 60_000;
  const pass = signPass(await passSigner(), sha256Hex(sessionToken), { ...holder, expiresAt });
  jar.set(PASS_COOKIE, pass, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: minutes * 60,
  });
  return expiresAt;
}

/** The request's pass for this session, when it verifies and has not expired. */
export async function readPass(jar: CookieJar, sessionToken: string): Promise<OutagePass | null> {
  const text = jar.get(PASS_COOKIE)?.value;
  if (!text || getConfig().auth.outageReadMinutes === 0) return null;
  // The secret was read at start-up; without it (and the home database) nothing can be verified.
  const signer = await passSigner().catch(() => null);
  return signer ? verifyPass(signer, sha256Hex(sessionToken), text) : null;
}

export function dropPass(jar: CookieJar): void {
  jar.delete(PASS_COOKIE);
}
