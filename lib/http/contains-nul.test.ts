import { describe, expect, it } from "vitest";
import { containsNul } from "./contains-nul";

describe("containsNul", () => {
  it("finds a NUL in strings, arrays, keys and nested values", () => {
    expect(containsNul("a\u0000b")).toBe(true);
    expect(containsNul({ filter: { id: ["x", "\u0000"] } })).toBe(true);
    expect(containsNul({ "k\u0000": 1 })).toBe(true);
  });

  it("is false for anything else", () => {
    expect(containsNul({ a: "fine", b: [1, null, "ok"], c: { d: "\\u0000" } })).toBe(false);
    expect(containsNul(42)).toBe(false);
  });
});
