import { hasRole, type Role } from "./roles";

/** Why this caller cannot act on this target's jobs at all, or null when they can. */
export function actionBlocker(
  actor: { role: Role; homeUnavailable?: string },
  target: { id: string; readOnly: boolean },
): string | null {
  const { role } = actor;
  if (actor.homeUnavailable) {
    return `Switchyard's home database is unavailable (${actor.homeUnavailable}): changes are refused until it is back.`;
  }
  if (target.readOnly) return `Target "${target.id}" is read-only: nothing can be changed on it.`;
  if (!hasRole(role, "operator"))
    return `Your role (${role}) can look but not act; actions need the operator role.`;
  return null;
}
