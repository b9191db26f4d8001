import type { AnyColumn } from "drizzle-orm";

/** Decodes a driver value with the column's own Drizzle mapping (timestamps → Date, JSON text → object). */
export function decode(column: AnyColumn | undefined, value: unknown): unknown {
  if (column === undefined || value === null || value === undefined) return null;
  return column.mapFromDriverValue(value);
}

export function decodeDate(column: AnyColumn | undefined, value: unknown): Date | null {
  const decoded = decode(column, value);
  if (decoded instanceof Date) return Number.isNaN(decoded.getTime()) ? null : decoded;
  if (typeof decoded === "string" || typeof decoded === "number") {
    const date = new Date(decoded);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

export function decodeNumber(column: AnyColumn | undefined, value: unknown): number | null {
  const decoded = decode(column, value);
  if (decoded === null) return null;
  const number = Number(decoded);
  return Number.isFinite(number) ? number : null;
}

/** Ids travel as strings (bigint ids would lose precision as numbers). */
export function idString(value: unknown): string {
  return value instanceof Uint8Array ? Buffer.from(value).toString("hex") : String(value);
}

const ID_PATTERNS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  integer: /^-?\d{1,18}$/,
  text: /^[\s\S]{1,500}$/,
} as const;

/** Could a job of this source have this id? (A uuid column cannot hold "abc".) */
export function isPossibleId(kind: keyof typeof ID_PATTERNS, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}
