import { z } from "zod";

/** A keyset position: the sort key and id of the last row of a page, as the database gave them. */
export interface Cursor {
  createdAt: string;
  id: string;
}

const cursorSchema = z.strictObject({ c: z.string().max(100), i: z.string().max(200) });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).toString("base64url");
}

/** The cursor, or null when the text is not one this app produced. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length > 600 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(text, "base64url").toString("utf8")),
    );
    return parsed.success ? { createdAt: parsed.data.c, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}
