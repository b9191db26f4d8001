import type { Tone } from "../tone";
import type { JobState } from "./job-state";

export const STATE_LABELS: Record<JobState, string> = {
  waiting: "Waiting",
  scheduled: "Scheduled",
  running: "Running",
  blocked: "Blocked",
  failed: "Failed",
  succeeded: "Succeeded",
  cancelled: "Cancelled",
  skipped: "Skipped",
  unknown: "Unknown",
};

export const STATE_TONES: Record<JobState, Tone> = {
  waiting: "blue",
  scheduled: "neutral",
  running: "violet",
  blocked: "amber",
  failed: "red",
  succeeded: "green",
  cancelled: "neutral",
  skipped: "neutral",
  unknown: "amber",
};
