import type { z } from "zod";
import { InputError } from "./input-error";

export type ParamsResult<T> =
  | { ok: true; value: T }
  | { ok: false; parameter: string; message: string };

/**
 * Reads the given keys of URL search params through a schema; a failure names the first bad
 * parameter, so pages and routes can say which one (routes answer 400 with it).
 */
export function parseParams<Schema extends z.ZodType>(
  schema: Schema,
  params: URLSearchParams,
  keys: readonly string[],
): ParamsResult<z.output<Schema>> {
  const raw = Object.fromEntries(
    keys.flatMap((key) => {
      const value = params.get(key);
      return value === null ? [] : [[key, value]];
    }),
  );
  return fromSafeParse(schema.safeParse(raw));
}

/** A schema's verdict as a ParamsResult naming the first bad parameter. */
export function fromSafeParse<T>(parsed: z.ZodSafeParseResult<T>): ParamsResult<T> {
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    parameter: String(issue?.path[0] ?? "query"),
    message: issue?.message ?? "invalid parameter",
  };
}

type Failure = { ok: false; parameter: string; message: string };

/** For routes: a bad parameter becomes an InputError (400 naming it). */
export function assertParamsOk<R extends { ok: true } | Failure>(
  result: R,
): asserts result is Exclude<R, Failure> {
  if (!result.ok) {
    const failure = result as Failure;
    throw new InputError(failure.parameter, `${failure.parameter}: ${failure.message}`);
  }
}
