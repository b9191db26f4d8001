import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { addressMatcher, clientAddress, unmapped } from "@/lib/auth/client-address";
import { type Role, roleForProxyIdentity } from "@/lib/auth/roles";
import { home } from "../index";
import { getConfig } from "../targets/registry";
import { resolveApiToken } from "./api-tokens";
import { resolveSession } from "./sessions";

export const SESSION_COOKIE = "switchyard_session";
/** Set by scripts/serve.ts from the socket, overwriting anything a client sends. */
export const PEER_HEADER = "x-switchyard-peer";
export const PEER_PROTO_HEADER = "x-switchyard-proto";

/** Who is asking: a signed-in operator, an API token, or a user the SSO proxy vouches for. */
export type Actor =
  | { kind: "operator"; id: string; name: string; role: Role }
  | { kind: "token"; id: string; name: string; role: Role }
  | { kind: "proxy"; id: string; name: string; role: Role };

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

/** The caller of this request, resolved once per request; null when nobody is signed in. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const list = await headers();
  const { db } = home();

  const bearer = bearerToken(list.get("authorization"));
  if (bearer !== null) {
    const token = await resolveApiToken(db, bearer);
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

  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const session = await resolveSession(db, token, auth.sessionIdleMinutes);
  return session
    ? { kind: "operator", id: session.operatorId, name: session.name, role: session.role }
    : null;
});

function bearerToken(header: string | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}
