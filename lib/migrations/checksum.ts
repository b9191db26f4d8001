import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ChecksumAlgorithm, LedgerKind } from "./model";

/** The checksum algorithm each tool records in its ledger (none: the tool keeps no checksum). */
export const LEDGER_ALGORITHM: Record<LedgerKind, ChecksumAlgorithm> = {
  drizzle: "sha256",
  sqlx: "sha384",
  prisma: "sha256",
  supabase: "none",
  flyway: "crc32",
  knex: "none",
  "node-pg-migrate": "none",
  "golang-migrate": "none",
  switchyard: "sha256",
};

/**
 * Flyway's checksum: CRC-32 over the file's lines read as UTF-8 without their line endings (so
 * CRLF and LF files agree), a leading byte-order mark dropped, stored as a signed 32-bit integer.
 */
export function flywayChecksum(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  let crc = 0;
  for (const line of text.split(/\r\n|\r|\n/)) crc = crc32(line, crc);
  return crc | 0;
}

/** The checksum of `bytes` as the ledger stores it: lowercase hex, or Flyway's signed decimal. */
export function computeChecksum(algorithm: ChecksumAlgorithm, bytes: Uint8Array): string | null {
  switch (algorithm) {
    case "sha256":
      return createHash("sha256").update(bytes).digest("hex");
    case "sha384":
      return createHash("sha384").update(bytes).digest("hex");
    case "crc32":
      return String(flywayChecksum(bytes));
    case "none":
      return null;
  }
}
