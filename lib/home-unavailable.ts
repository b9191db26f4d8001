/**
 * Switchyard's home database could not be reached. Nothing that must be audited (a sign-in, a
 * change) can happen without it: routes answer 503 `home_unavailable`, pages say so.
 */
export class HomeUnavailableError extends Error {
  readonly code = "home_unavailable";
  /** The driver's one-line reason (`ECONNREFUSED: …`). */
  readonly detail: string;

  constructor(detail: string) {
    super(homeUnavailableMessage(detail));
    this.name = "HomeUnavailableError";
    this.detail = detail;
  }
}

export function homeUnavailableMessage(detail: string): string {
  return `Switchyard's home database could not be reached (${detail}): signing in and changes are refused until it is back; nothing was done.`;
}
