import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { InputError } from "./input-error";

/**
 * Keyset cursors, signed: `<payload>.<mac>`, both base64url, where the payload is JSON and the
 * mac is HMAC-SHA256 over the list the cursor belongs to (its scope) and the payload. A cursor
 * is read only when its mac verifies, so a forged, edited or borrowed one never reaches SQL.
 */
export interface CursorCodec {
  sign(scope: string, payload: unknown): string;
  /** The payload, or InvalidCursorError when the cursor is not one signed for this scope. */
  verify(scope: string, text: string): unknown;
}

export const INVALID_CURSOR_MESSAGE =
  "The cursor is not one this console issued for this list: it was damaged, edited, or belongs to another list. Start again from the first page.";

/** A cursor that fails verification: routes answer 400 `invalid_cursor`, pages offer the first page. */
export class InvalidCursorError extends InputError {
  constructor() {
    super("cursor", INVALID_CURSOR_MESSAGE, "invalid_cursor");
    this.name = "InvalidCursorError";
  }
}

/** Row cursors carry key values, which can be long text; nothing longer is even decoded. */
const MAX_LENGTH = 30_000;
const SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

export function cursorCodec(key: Uint8Array): CursorCodec {
  const mac = (scope: string, body: string) =>
    createHmac("sha256", key).update(scope).update("\n").update(body).digest();
  return {
    sign(scope, payload) {
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${body}.${mac(scope, body).toString("base64url")}`;
    },
    verify(scope, text) {
      const match = text.length <= MAX_LENGTH ? SHAPE.exec(text) : null;
      if (!match) throw new InvalidCursorError();
      const [, body = "", given = ""] = match;
      const expected = mac(scope, body);
      const actual = Buffer.from(given, "base64url");
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        throw new InvalidCursorError();
      }
      return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    },
  };
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
  const parsed = positionSchema.safeParse(codec.verify(scope, text));
  if (!parsed.success) throw new InvalidCursorError();
  return { createdAt: parsed.data.c, id: parsed.data.i };
}
