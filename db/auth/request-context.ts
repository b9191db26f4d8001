import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { addressMatcher, clientAddress, unmapped } from "@/lib/auth/client-address";
import { type Role, roleForProxyIdentity } from "@/lib/auth/roles";
import { describeDatabaseError, isUnreachable } from "@/lib/database-error";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { home } from "../index";
import { getConfig } from "../targets/registry";
import { resolveApiToken } from "./api-tokens";
import { readPass } from "./outage-pass";
import { resolveSession } from "./sessions";

export const SESSION_COOKIE = "switchyard_session";
/** Set by scripts/serve.ts from the socket, overwriting anything a client sends. */
export const PEER_HEADER = "x-switchyard-peer";
export const PEER_PROTO_HEADER = "x-switchyard-proto";

/**
 * Who is asking: a signed-in operator, an API token, or a user the SSO proxy vouches for.
 * `homeUnavailable` (the driver's reason) is set when Switchyard's home database cannot be
 * reached: the caller may read, and nothing they ask to change is done.
 */
export type Actor = {
  kind: "operator" | "token" | "proxy";
  id: string;
  name: string;
  role: Role;
  homeUnavailable?: string;
};

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  /** Came over HTTPS (directly, or per a trusted proxy). */
  secure: boolean;
  origin: string | null;
  host: string | null;
  /** True when the caller authenticated with a bearer token (no cookie, so no CSRF exposure). */
  bearer: boolean;
}

const trusted = cache(() => addressMatcher(getConfig().auth.trustedProxies));

export const requestInfo = cache(async (): Promise<RequestInfo> => {
  const list = await headers();
  const peer = list.get(PEER_HEADER);
  const fromTrustedProxy = peer !== null && trusted()(peer);
  const secure = fromTrustedProxy
    ? list.get("x-forwarded-proto") === "https"
    : list.get(PEER_PROTO_HEADER) === "https";
  return {
    ip: clientAddress(peer, list.get("x-forwarded-for"), trusted()),
    userAgent: list.get("user-agent"),
    secure,
    origin: list.get("origin"),
    host: fromTrustedProxy ? (list.get("x-forwarded-host") ?? list.get("host")) : list.get("host"),
    bearer: bearerToken(list.get("authorization")) !== null,
  };
});

/** Cookies get the Secure flag when `auth.secureCookies` says so for this request. */
export function secureCookies(request: RequestInfo): boolean {
  const { secureCookies: setting } = getConfig().auth;
  return setting === "always" || (setting === "auto" && request.secure);
}

/**
 * The caller of this request, resolved once per request; null when nobody is signed in. With the
 * home database unreachable, an operator's session is recognised by its read-only pass (see
 * db/auth/outage-pass.ts); a session without a valid pass, or an API token, cannot be checked at
 * all: HomeUnavailableError.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const list = await headers();
  const { db } = home();

  const bearer = bearerToken(list.get("authorization"));
  if (bearer !== null) {
    const token = await resolveApiToken(db, bearer).catch(homeUnavailable);
    return token ? { kind: "token", id: token.id, name: token.name, role: token.role } : null;
  }

  const { auth } = getConfig();
  const peer = list.get(PEER_HEADER);
  if (auth.proxy.enabled && peer !== null && trusted()(unmapped(peer))) {
    const user = list.get(auth.proxy.userHeader)?.trim();
    if (user) {
      const identity = {
        user,
        email: list.get(auth.proxy.emailHeader)?.trim() || null,
        groups: (list.get(auth.proxy.groupsHeader) ?? "")
          .split(",")
          .map((group) => group.trim())
          .filter(Boolean),
      };
      const role = roleForProxyIdentity(auth.proxy.roles, identity);
      return role ? { kind: "proxy", id: `proxy:${user}`, name: user, role } : null;
    }
  }

  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (!token) return null;
  try {
    const session = await resolveSession(db, token, auth.sessionIdleMinutes);
    return session
      ? { kind: "operator", id: session.operatorId, name: session.name, role: session.role }
      : null;
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    const reason = describeDatabaseError(error);
    const pass = await readPass(jar, token);
    if (!pass) throw new HomeUnavailableError(reason);
    return {
      kind: "operator",
      id: pass.operatorId,
      name: pass.name,
      role: pass.role,
      homeUnavailable: reason,
    };
  }
});

/** A home database that cannot be reached becomes HomeUnavailableError; anything else is rethrown. */
function homeUnavailable(error: unknown): never {
  if (isUnreachable(error)) throw new HomeUnavailableError(describeDatabaseError(error));
  throw error;
}

function bearerToken(header: string | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}
