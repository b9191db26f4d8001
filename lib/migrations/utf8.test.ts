import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invalidUtf8 } from "./utf8";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))),
  );

describe("invalidUtf8", () => {
  it("accepts any valid UTF-8, as Node encodes it", () => {
    expect(invalidUtf8(bytes("create table ünïcødé (🚂 text);\n"))).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(invalidUtf8(Buffer.from(text))).toBeNull();
      }),
      { seed: 20261122 },
    );
  });

  it("finds the first bad byte with its line and column", () => {
    expect(invalidUtf8(bytes("select 1;\n-- caf", [0xe9], " au lait\n"))).toEqual({
      offset: 16,
      line: 2,
      column: 7,
    });
    expect(invalidUtf8(bytes([0xff]))).toEqual({ offset: 0, line: 1, column: 1 });
  });

  it("refuses what TextDecoder refuses: overlongs, surrogates, truncated sequences", () => {
    const samples = [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
    ];
    for (const sample of samples) {
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(sample))).toThrow();
      expect(invalidUtf8(bytes("ok ", sample))).toMatchObject({ offset: 3 });
    }
  });
});
