export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the ones before it. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export interface ProxyIdentity {
  user: string;
  email: string | null;
  groups: string[];
}

export type RoleRules = Record<Role, readonly string[]>;

/** The highest role whose rules match the identity, or null when none does (no access). */
export function roleForProxyIdentity(rules: RoleRules, identity: ProxyIdentity): Role | null {
  const matches = (rule: string) => {
    if (rule === "*") return true;
    const [kind, ...rest] = rule.split(":");
    const value = rest.join(":").toLowerCase();
    if (kind === "group") return identity.groups.some((group) => group.toLowerCase() === value);
    if (kind === "email") return identity.email?.toLowerCase() === value;
    if (kind === "user") return identity.user.toLowerCase() === value;
    return false;
  };
  for (const role of [...ROLES].reverse()) {
    if (rules[role].some(matches)) return role;
  }
  return null;
}
