const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "15m", "2h", "1d" or a number of seconds → seconds; null when it is not one of those. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === "number")
    return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const match = value.trim().match(/^(\d+(?:\.\d+)?)\s*([smhd])?$/);
  if (!match) return null;
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1));
}

/** Seconds → the shortest exact unit: 300 → "5m", 5400 → "90m", 7200 → "2h". */
export function durationText(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    const size = UNITS[unit] ?? 1;
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
