/** When a number on the overview should catch the eye. Stuck-task rules refine this per queue later. */

export type Severity = "ok" | "warning" | "danger";

const WAITING_WARNING_SECONDS = 5 * 60;
const WAITING_DANGER_SECONDS = 60 * 60;

export function waitingSeverity(oldestWaitingSeconds: number | null): Severity {
  if (oldestWaitingSeconds === null) return "ok";
  if (oldestWaitingSeconds >= WAITING_DANGER_SECONDS) return "danger";
  return oldestWaitingSeconds >= WAITING_WARNING_SECONDS ? "warning" : "ok";
}

/** Failure share of jobs finished in the last hour; null when nothing finished or nothing is recorded. */
export function failureRate(finished: number | null, failed: number | null): number | null {
  if (finished === null || failed === null || finished === 0) return null;
  return failed / finished;
}

export function failureSeverity(rate: number | null): Severity {
  if (rate === null) return "ok";
  if (rate >= 0.25) return "danger";
  return rate >= 0.05 ? "warning" : "ok";
}

export const SEVERITY_TEXT: Record<Severity, string> = {
  ok: "",
  warning: "text-amber-700 font-medium",
  danger: "text-red-700 font-semibold",
};
