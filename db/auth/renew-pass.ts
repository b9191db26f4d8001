import "server-only";
import { cookies } from "next/headers";
import { issuePass } from "./outage-pass";
import { currentActor, requestInfo, SESSION_COOKIE, secureCookies } from "./request-context";

/**
 * Renews the pass of the signed-in operator making this request, when the home database has just
 * vouched for their session (`GET /api/session/pass`, which open consoles call every few minutes).
 */
export async function renewPass(): Promise<{ expiresAt: string | null }> {
  const actor = await currentActor();
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (actor?.kind !== "operator" || actor.homeUnavailable || !token) {
    return { expiresAt: null };
  }
  const holder = { operatorId: actor.id, name: actor.name, role: actor.role };
  const expiresAt = await issuePass(jar, token, holder, secureCookies(await requestInfo()));
  return { expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() };
}
