"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/db/actions/define-action";
import { dropPass, issuePass } from "@/db/auth/outage-pass";
import { SESSION_COOKIE, secureCookies } from "@/db/auth/request-context";
import { deleteSession } from "@/db/auth/sessions";
import { SIGN_IN_ACTION, signIn } from "@/db/auth/sign-in";
import { getConfig } from "@/db/targets/registry";

/** Only a path on this site, so a crafted link cannot send a fresh session elsewhere. */
function localPath(next: string | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export const signInAction = defineAction({
  name: SIGN_IN_ACTION,
  role: "public",
  input: z.object({
    name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
    password: z.string().min(1, { error: "Enter your password." }).max(500),
    next: z.string().max(2000).optional(),
  }),
  async run(input, { request, tx }) {
    const jar = await cookies();
    // A fresh session id at every sign-in: an id planted before it (fixation) is ended here.
    const previous = jar.get(SESSION_COOKIE)?.value;
    if (previous) await deleteSession(tx, previous);
    const { auth } = getConfig();
    const { token, operator } = await signIn(tx, {
      name: input.name,
      password: input.password,
      ip: request.ip,
      userAgent: request.userAgent,
      sessionMaxHours: auth.sessionMaxHours,
    });
    const secure = secureCookies(request);
    jar.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: auth.sessionMaxHours * 3600,
    });
    await issuePass(
      jar,
      token,
      { operatorId: operator.id, name: operator.name, role: operator.role },
      secure,
    );
    return {
      data: { next: localPath(input.next) },
      audit: { actor: { kind: "operator", id: operator.id, name: operator.name } },
    };
  },
});

export const signOutAction = defineAction({
  name: "auth.sign_out",
  role: "viewer",
  input: z.object({}),
  async run(_input, { tx }) {
    const jar = await cookies();
    const token = jar.get(SESSION_COOKIE)?.value;
    if (token) await deleteSession(tx, token);
    jar.delete(SESSION_COOKIE);
    dropPass(jar);
    return { data: null };
  },
});
