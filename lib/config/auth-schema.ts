import { isIP } from "node:net";
import { z } from "zod";

const addressOrCidr = z.string().refine(
  (value) => {
    const [address, bits, extra] = value.split("/");
    if (extra !== undefined || !address || isIP(address) === 0) return false;
    if (bits === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  },
  { error: "expected an IP address or CIDR range (10.0.0.0/8, ::1)" },
);

const roleRules = z.array(
  z.string().regex(/^(\*|group:.+|email:.+|user:.+)$/, {
    error: 'expected "group:<name>", "email:<address>", "user:<name>" or "*"',
  }),
);

/**
 * Optional single sign-on: a trusted reverse proxy (oauth2-proxy and the like) authenticates and
 * passes the user in headers, which are believed only from `auth.trustedProxies`.
 */
const proxySchema = z.strictObject({
  enabled: z.boolean().default(false),
  userHeader: z.string().min(1).default("x-forwarded-user"),
  emailHeader: z.string().min(1).default("x-forwarded-email"),
  groupsHeader: z.string().min(1).default("x-forwarded-groups"),
  /** Who gets which role; the highest matching role wins, no match means no access. */
  roles: z
    .strictObject({
      admin: roleRules.default([]),
      operator: roleRules.default([]),
      viewer: roleRules.default([]),
    })
    .default({ admin: [], operator: [], viewer: [] }),
});

export const authConfigSchema = z
  .strictObject({
    /** A session unused this long ends. */
    sessionIdleMinutes: z.number().int().min(5).max(10_080).default(480),
    /** A session ends this long after sign-in, however active. */
    sessionMaxHours: z.number().int().min(1).max(720).default(24),
    /**
     * While the home database is unreachable, a signed-in operator keeps read-only access for at
     * most this long after the home database last vouched for the session (0: none at all).
     */
    outageReadMinutes: z.number().int().min(0).max(1_440).default(30),
    /** auto: Secure cookies when the request came over HTTPS (directly or per a trusted proxy). */
    secureCookies: z.enum(["auto", "always", "never"]).default("auto"),
    /** Addresses of reverse proxies whose X-Forwarded-For (and SSO headers) are believed. */
    trustedProxies: z.array(addressOrCidr).default([]),
    proxy: proxySchema.default({
      enabled: false,
      userHeader: "x-forwarded-user",
      emailHeader: "x-forwarded-email",
      groupsHeader: "x-forwarded-groups",
      roles: { admin: [], operator: [], viewer: [] },
    }),
  })
  .superRefine((auth, ctx) => {
    if (auth.proxy.enabled && auth.trustedProxies.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["trustedProxies"],
        message:
          "proxy sign-on is enabled: list the proxy's addresses here, or its headers could be forged",
      });
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;

export const DEFAULT_AUTH_CONFIG: AuthConfig = authConfigSchema.parse({});
