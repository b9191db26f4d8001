import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "@/lib/auth/roles";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { homeStatus } from "../home-status";
import { type Actor, currentActor } from "./request-context";

export const PATH_HEADER = "x-switchyard-path";

/**
 * Every page but sign-in starts with this: no caller → sign-in; too small a role → refusal page.
 * A caller who cannot be checked because the home database is away is sent to sign-in too,
 * which says why. The actor says when the home database is away, so pages offer no changes.
 */
export async function requirePageRole(role: Role = "viewer"): Promise<Actor> {
  const actor = await currentActor().catch((error: unknown) => {
    if (error instanceof HomeUnavailableError) return null;
    throw error;
  });
  if (!actor) {
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  if (!hasRole(actor.role, role)) redirect(`/forbidden?need=${role}`);
  if (actor.homeUnavailable) return actor;
  const home = await homeStatus();
  return home.reachable ? actor : { ...actor, homeUnavailable: home.error };
}
