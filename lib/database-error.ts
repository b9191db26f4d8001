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

/**
 * The database could not be reached or dropped the connection (SQLSTATE classes 08 and 57P0x,
 * network errors, postgres.js's CONNECT_TIMEOUT and CONNECTION_* codes): nothing the statement
 * would have done happened, and trying again later may work.
 */
export function isUnreachable(error: unknown): boolean {
  const code = errorCode(error) ?? "";
  return (
    /^(08|57P0)/.test(code) ||
    /^E(CONN|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN|NOTFOUND)/.test(code) ||
    code === "CONNECT_TIMEOUT" ||
    code.startsWith("CONNECTION_")
  );
}
