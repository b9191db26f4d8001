import { HomeUnavailableError } from "../home-unavailable";
import { InputError, NotFoundError } from "../input-error";

/** A JSON error body every API route shares: a stable code, a sentence, and what it concerns. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
) {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/**
 * Runs a read route: bad input → 400 naming the parameter (`invalid_cursor` for a cursor this
 * console did not sign), unknown target/system/queue/job → 404 naming it, the home database
 * away → 503 `home_unavailable`, anything else → 500 with a code (the cause goes to the server
 * log, never to the caller).
 */
export async function jsonRoute(load: () => Promise<unknown>): Promise<Response> {
  try {
    const body = await load();
    if (body instanceof Response) return body;
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof InputError) {
      return jsonError(400, error.code, error.message, { parameter: error.parameter });
    }
    if (error instanceof NotFoundError) {
      return jsonError(404, `${error.what}_not_found`, error.message, { [error.what]: error.id });
    }
    if (error instanceof HomeUnavailableError) {
      return jsonError(503, error.code, error.message);
    }
    console.error("switchyard: API read failed", error);
    return jsonError(500, "internal", "The request failed; the server log has the cause.");
  }
}

/** Route params arrive percent-encoded in some cases; decode once, tolerating stray '%'. */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
