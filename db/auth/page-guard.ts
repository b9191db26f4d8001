import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "@/lib/auth/roles";
import { type Actor, currentActor } from "./request-context";

export const PATH_HEADER = "x-switchyard-path";

/** Every page but sign-in starts with this: no caller → sign-in; too small a role → refusal page. */
export async function requirePageRole(role: Role = "viewer"): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  if (!hasRole(actor.role, role)) redirect(`/forbidden?need=${role}`);
  return actor;
}
