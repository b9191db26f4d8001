import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Values the server hands out and must later believe (keyset cursors, read-only passes):
 * `<payload>.<mac>`, both base64url, the payload JSON and the mac HMAC-SHA256 over what the value
 * is for (its scope) and the payload. Nothing is read from a value whose mac does not verify.
 */
export interface Signer {
  sign(scope: string, payload: unknown): string;
  /** The payload, or null when the text is not a value signed with this key for this scope. */
  verify(scope: string, text: string): unknown;
}

/** Longer text is refused before any decoding (row cursors carry long key values; 30,000 is ample). */
const MAX_LENGTH = 30_000;
const SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

export function signer(key: Uint8Array): Signer {
  const mac = (scope: string, body: string) =>
    createHmac("sha256", key).update(scope).update("\n").update(body).digest();
  return {
    sign(scope, payload) {
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${body}.${mac(scope, body).toString("base64url")}`;
    },
    verify(scope, text) {
      const match = text.length <= MAX_LENGTH ? SHAPE.exec(text) : null;
      if (!match) return null;
      const [, body = "", given = ""] = match;
      const expected = mac(scope, body);
      const actual = Buffer.from(given, "base64url");
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
      try {
        return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      } catch {
        return null;
      }
    },
  };
}
