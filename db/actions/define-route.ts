import "server-only";
import { hasRole, type Role } from "@/lib/auth/roles";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { containsNul, NUL_MESSAGE } from "@/lib/http/contains-nul";
import { decodeParam, jsonError, jsonRoute } from "@/lib/http/json-route";
import type { Result } from "@/lib/result";
import { type Actor, currentActor } from "../auth/request-context";
import { type ActionSpec, runGuarded } from "./run-guarded";

type RouteContext = { params?: Promise<Record<string, string>> };

/** Route params decoded once; routes without dynamic segments have none. */
async function paramsOf(context: RouteContext): Promise<Record<string, string>> {
  const params = (await context.params) ?? {};
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, decodeParam(value)]),
  );
}

const STATUS: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  foreign_origin: 403,
  invalid_input: 400,
  bad_request: 400,
  not_found: 404,
  unknown_target: 404,
  target_read_only: 409,
  changed: 409,
  locked: 409,
  conflict: 409,
  last_admin: 409,
  name_taken: 409,
  self_approval: 403,
  not_approvable: 409,
  override_required: 409,
  approval_void: 409,
  confirmation_required: 409,
  stale_review: 409,
  source_read_only: 409,
  not_reviewable: 409,
  home_unavailable: 503,
  target_unavailable: 503,
  internal: 500,
};

/**
 * Every mutating route handler is made with this (`export const POST = defineMutationRoute(...)`):
 * the JSON body and the route params become the action's input, and the Result's code its status.
 */
export function defineMutationRoute<Input, Output>(spec: ActionSpec<Input, Output>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    let body: unknown = {};
    if (request.headers.get("content-length") !== "0" && request.body) {
      try {
        body = await request.json();
      } catch {
        return jsonError(400, "bad_request", "The body is not valid JSON.");
      }
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return jsonError(400, "bad_request", "The body must be a JSON object.");
    }
    if (containsNul(body) || containsNul(await paramsOf(context))) {
      return jsonError(400, "bad_request", NUL_MESSAGE);
    }
    const result: Result<Output> = await runGuarded(spec, {
      ...body,
      ...(await paramsOf(context)),
    });
    return Response.json(result, {
      status: result.ok ? 200 : (STATUS[result.code] ?? 422),
      headers: { "cache-control": "no-store" },
    });
  };
}

/**
 * Every read route is made with this: the caller needs a session, a token or an SSO identity with
 * `role`. A caller who cannot be checked because the home database is away gets 503.
 */
export function defineReadRoute(
  role: Role,
  load: (request: Request, params: Record<string, string>) => Promise<unknown>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const resolved = await currentActor().catch((error: unknown) => error);
    if (resolved instanceof HomeUnavailableError) {
      return jsonError(503, resolved.code, resolved.message);
    }
    const actor = resolved instanceof Error || !resolved ? null : (resolved as Actor);
    if (!actor) {
      return jsonError(401, "unauthenticated", "Sign in, or send Authorization: Bearer <token>.");
    }
    if (!hasRole(actor.role, role)) {
      return jsonError(403, "forbidden", `This needs the ${role} role; you are ${actor.role}.`);
    }
    const params = await paramsOf(context);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    if (containsNul(params) || containsNul(query)) {
      return jsonError(400, "bad_request", NUL_MESSAGE);
    }
    return jsonRoute(() => load(request, params));
  };
}
