/**
 * True when any string in a value (deeply) holds a NUL character. PostgreSQL text cannot store
 * one and rejects it with an error, so input carrying it is refused before it reaches SQL.
 */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, entry]) => containsNul(key) || containsNul(entry));
  }
  return false;
}

export const NUL_MESSAGE = "Text must not contain NUL characters (\\u0000).";
