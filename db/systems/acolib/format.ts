import { formatDuration } from "@/lib/format";

/** "2025-01-15 10:04:00 UTC": acolib writes UTC, and the job page shows it as such. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "212 ms" below a second, "3 min (181234 ms)" above. */
export function formatMilliseconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${formatDuration(ms / 1000)} (${ms} ms)`;
}
