const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en");

/** How far a count can be trusted: counted, estimated from statistics, or counted up to a bound. */
export type CountAccuracy = "exact" | "estimate" | "lower-bound";

const ACCURACY_PREFIX: Record<CountAccuracy, string> = {
  exact: "",
  estimate: "≈ ",
  "lower-bound": "≥ ",
};

/** A count as an operator reads it; estimates carry ≈ (or ≥) so nobody mistakes them for exact. */
export function formatCount(value: number, accuracy: CountAccuracy = "exact"): string {
  const text = value >= 100_000 ? compact.format(value) : whole.format(value);
  return `${ACCURACY_PREFIX[accuracy]}${text}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A duration in the largest sensible unit: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A short run time: 3 ms, 1.2 s, then as formatDuration. */
export function formatMillis(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return formatDuration(ms / 1_000);
}

/** "5 min ago" / "in 3 h" relative to `now`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = (now.getTime() - date.getTime()) / 1000;
  if (Math.abs(seconds) < 5) return "just now";
  return seconds >= 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}
