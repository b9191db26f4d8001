import { z } from "zod";
import { InputError } from "./input-error";
import { type Signer, signer } from "./signed";

/**
 * Keyset cursors are signed (lib/signed.ts) for the list they belong to (their scope): a
 * forged, edited or borrowed cursor is refused before anything in it reaches SQL.
 */
export type CursorCodec = Signer;

export const INVALID_CURSOR_MESSAGE =
  "The cursor is not one this console issued for this list: it was damaged, edited, or belongs to another list. Start again from the first page.";

/** A cursor that fails verification: routes answer 400 `invalid_cursor`, pages offer the first page. */
export class InvalidCursorError extends InputError {
  constructor() {
    super("cursor", INVALID_CURSOR_MESSAGE, "invalid_cursor");
    this.name = "InvalidCursorError";
  }
}

export function cursorCodec(key: Uint8Array): CursorCodec {
  return signer(key);
}

/** A cursor's payload, or InvalidCursorError when its signature does not verify for this list. */
export function verifyCursor(codec: CursorCodec, scope: string, text: string): unknown {
  const payload = codec.verify(scope, text);
  if (payload === null) throw new InvalidCursorError();
  return payload;
}

/**
 * Which list a cursor belongs to: a cursor of one list is refused by every other. Parts are
 * joined by JSON, so no name can pass for two.
 */
export const cursorScope = {
  jobs: (target: string, system: string, source: string, queue: string) =>
    JSON.stringify(["jobs", target, system, source, queue]),
  audit: () => JSON.stringify(["audit"]),
  /** The sort is part of the list: a cursor holds one value per sort term. */
  rows: (target: string, table: string, sort: string | null | undefined) =>
    JSON.stringify(["rows", target, table, sort ?? ""]),
};

/** A keyset position: the sort key and id of the last row of a page, as the database gave them. */
export interface Cursor {
  createdAt: string;
  id: string;
}

const positionSchema = z.strictObject({ c: z.string().max(100), i: z.string().max(200) });

export function encodeCursor(codec: CursorCodec, scope: string, cursor: Cursor): string {
  return codec.sign(scope, { c: cursor.createdAt, i: cursor.id });
}

/** The position a signed cursor names; InvalidCursorError when it is not one this console issued. */
export function decodeCursor(codec: CursorCodec, scope: string, text: string): Cursor {
  const parsed = positionSchema.safeParse(verifyCursor(codec, scope, text));
  if (!parsed.success) throw new InvalidCursorError();
  return { createdAt: parsed.data.c, id: parsed.data.i };
}
