import { describe, expect, it } from "vitest";
import { cursorCodec, InvalidCursorError } from "../cursor";
import { InputError } from "../input-error";
import { formatFilter, likeContains, parseFilter, parseFilters } from "./filter";
import { decodeRowCursor, decodeRowKey, encodeRowCursor, encodeRowKey } from "./row-cursor";

const columns = ["id", "status", "data"];

describe("parseFilter", () => {
  it("reads column:op:value, keeping colons in the value", () => {
    expect(parseFilter("status:eq:a:b", columns)).toEqual({
      column: "status",
      op: "eq",
      value: "a:b",
    });
    expect(parseFilter("status:null", columns)).toEqual({ column: "status", op: "null" });
    expect(parseFilter("data:has:n=5", columns)).toEqual({
      column: "data",
      op: "has",
      key: "n",
      value: 5,
    });
    expect(parseFilter("data:has:k=v w", columns)).toEqual({
      column: "data",
      op: "has",
      key: "k",
      value: "v w",
    });
  });

  it("refuses unknown columns and operators, and too many filters", () => {
    expect(() => parseFilter('nope":eq:1', columns)).toThrow(InputError);
    expect(() => parseFilter("status:like:x", columns)).toThrow(/expected one of/);
    expect(() => parseFilters(Array(11).fill("id:eq:1"), columns)).toThrow(/at most/);
    expect(() => parseFilter(`status:eq:${"x".repeat(10_001)}`, columns)).toThrow(/longer/);
  });

  it("formats back to the same text", () => {
    for (const text of ["status:eq:a:b", "status:notnull", "data:has:n=5", "id:gte:3"]) {
      expect(formatFilter(parseFilter(text, columns))).toBe(text);
    }
  });

  it("escapes LIKE wildcards", () => {
    expect(likeContains("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});

describe("row cursors and keys", () => {
  it("round-trip, and refuse text this app did not make", () => {
    const codec = cursorCodec(Buffer.alloc(32, 7));
    const cursor = { values: ["a'b", 3, null], direction: "before" as const };
    expect(decodeRowCursor(codec, "s", encodeRowCursor(codec, "s", cursor))).toEqual(cursor);
    expect(decodeRowKey(encodeRowKey(["(0,1)"]))).toEqual(["(0,1)"]);
    expect(() => decodeRowCursor(codec, "s", "not a cursor!")).toThrow(InvalidCursorError);
    expect(() => decodeRowCursor(codec, "s", codec.sign("s", { v: "x", d: "a" }))).toThrow(
      InvalidCursorError,
    );
    expect(decodeRowKey(Buffer.from('{"x":1}').toString("base64url"))).toBeNull();
  });
});
