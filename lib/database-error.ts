/** The driver's own error behind drizzle's "Failed query" wrapper. */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current;
}

/** SQLSTATE or network code (`57014`, `ECONNREFUSED`, `SQLITE_BUSY`) when the driver gave one. */
export function errorCode(error: unknown): string | undefined {
  const cause = rootCause(error) as { code?: unknown };
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** One line for an operator: the driver's message, prefixed by its code when that adds anything. */
export function describeDatabaseError(error: unknown): string {
  const cause = rootCause(error);
  if (!(cause instanceof Error)) return String(cause);
  const code = errorCode(cause);
  const message = cause.message.split("\n")[0] ?? "";
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
