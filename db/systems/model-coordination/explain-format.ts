import type { AnyColumn } from "drizzle-orm";
import { formatDuration, formatRelative } from "@/lib/format";
import { decodeDate } from "../../jobs/decode";

/** A stored value as trimmed text, or null when absent or blank. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

/** A timestamp field of the row as the job page shows it: ISO time and how long ago. */
export function timeOf(column: AnyColumn, value: unknown): string | null {
  const date = decodeDate(column, value);
  return date ? `${date.toISOString()} (${formatRelative(date)})` : null;
}

/** A JSONB list of model names (or anything else JSON) as one line. */
export function modelsOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(String).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function sameId(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** How a finished blocker or slot holder ended: "completed 41 min ago", "was cancelled 2 h ago", "is failed". */
export function finishedPhrase(state: unknown, finishedAgoSeconds: unknown): string {
  const raw = String(state);
  const known = ["completed", "failed", "cancelled"].includes(raw);
  if (finishedAgoSeconds === null || finishedAgoSeconds === undefined || !known) return `is ${raw}`;
  const verb = raw === "cancelled" ? "was cancelled" : raw;
  return `${verb} ${formatDuration(Number(finishedAgoSeconds))} ago`;
}
