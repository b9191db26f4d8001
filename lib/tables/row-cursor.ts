import { z } from "zod";
import { type CursorCodec, InvalidCursorError, verifyCursor } from "../cursor";

/** Key values as the database printed them: text (PostgreSQL), or SQLite's own scalars. */
export type KeyValue = string | number | null;

/** A keyset position: the sort and key values of a row, and which way to read from it. */
export interface RowCursor {
  values: KeyValue[];
  direction: "after" | "before";
}

const valueSchema = z.union([z.string().max(10_000), z.number(), z.null()]);
const cursorSchema = z.strictObject({
  v: z.array(valueSchema).max(16),
  d: z.enum(["a", "b"]),
});

export function encodeRowCursor(codec: CursorCodec, scope: string, cursor: RowCursor): string {
  return codec.sign(scope, { v: cursor.values, d: cursor.direction === "after" ? "a" : "b" });
}

/** The position a signed row cursor names; InvalidCursorError when this console did not issue it. */
export function decodeRowCursor(codec: CursorCodec, scope: string, text: string): RowCursor {
  const parsed = cursorSchema.safeParse(verifyCursor(codec, scope, text));
  if (!parsed.success) throw new InvalidCursorError();
  return { values: parsed.data.v, direction: parsed.data.d === "a" ? "after" : "before" };
}

/** A row's identity in URLs: its key values (primary key, unique key, ctid or rowid). */
export function encodeRowKey(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeRowKey(text: string): KeyValue[] | null {
  if (text.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const parsed = z
      .array(valueSchema)
      .min(1)
      .max(16)
      .safeParse(JSON.parse(Buffer.from(text, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
