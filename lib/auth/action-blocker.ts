import { hasRole, type Role } from "./roles";

/** Why this caller cannot act on this target's jobs at all, or null when they can. */
export function actionBlocker(
  role: Role,
  target: { id: string; readOnly: boolean },
): string | null {
  if (target.readOnly) return `Target "${target.id}" is read-only: nothing can be changed on it.`;
  if (!hasRole(role, "operator"))
    return `Your role (${role}) can look but not act; actions need the operator role.`;
  return null;
}
