import { createHash, createHmac, randomBytes } from "node:crypto";

/** An unguessable token (256 bits), with a prefix that says what it is when it turns up in a log. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Tokens are stored as their SHA-256: a leaked table grants nothing, and lookups stay exact. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export const SESSION_PREFIX = "sys_";
export const API_TOKEN_PREFIX = "syt_";

/** A key for one purpose (cursors, read-only passes) from the server secret: one leak is not both. */
export function deriveKey(secret: Uint8Array, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`switchyard:${purpose}`).digest();
}
