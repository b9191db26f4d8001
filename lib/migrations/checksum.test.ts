import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeChecksum, flywayChecksum } from "./checksum";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("computeChecksum", () => {
  it("hashes with sha256 and sha384 as lowercase hex", () => {
    expect(computeChecksum("sha256", bytes("select 1;"))).toBe(
      createHash("sha256").update("select 1;").digest("hex"),
    );
    expect(computeChecksum("sha384", bytes("select 1;"))).toHaveLength(96);
    expect(computeChecksum("none", bytes("select 1;"))).toBeNull();
  });

  it("computes Flyway's line-wise CRC-32, ignoring line endings and a BOM", () => {
    const lf = flywayChecksum(bytes("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n"));
    expect(flywayChecksum(bytes("CREATE TABLE a (id int);\r\nINSERT INTO a VALUES (1);\r\n"))).toBe(
      lf,
    );
    expect(flywayChecksum(bytes("\uFEFFCREATE TABLE a (id int);\nINSERT INTO a VALUES (1);"))).toBe(
      lf,
    );
    // CRC-32 of the concatenated lines, as a signed 32-bit integer.
    expect(flywayChecksum(bytes("abc\ndef"))).toBe(flywayChecksum(bytes("abcdef")));
    expect(flywayChecksum(bytes("123456789"))).toBe(0xcbf43926 | 0);
  });
});
