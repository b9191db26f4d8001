import { describeDatabaseError, errorCode } from "./database-error";

/** A failure confined to one panel of a page, said in an operator's words. */
export interface PanelError {
  code: string;
  message: string;
}

const QUERY_CANCELED = "57014";

export function panelError(error: unknown, timeoutMs?: number): PanelError {
  const code = errorCode(error) ?? "query_failed";
  if (code === QUERY_CANCELED) {
    return {
      code: "timeout",
      message: `The query ran past the statement timeout${timeoutMs ? ` (${timeoutMs / 1000} s)` : ""} and was cancelled; the rest of the page is unaffected.`,
    };
  }
  return { code, message: describeDatabaseError(error) };
}
