import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cursorCodec,
  cursorScope,
  decodeCursor,
  encodeCursor,
  INVALID_CURSOR_MESSAGE,
  InvalidCursorError,
} from "./cursor";

const key = Buffer.alloc(32, 1);
const codec = cursorCodec(key);
const scope = cursorScope.jobs("billing", "generic", "webhooks", "webhooks");
const position = { createdAt: "2026-11-22 07:48:00.123456+00", id: "4711" };

describe("signed cursors", () => {
  it("round-trip the position they were signed with", () => {
    const text = encodeCursor(codec, scope, position);
    expect(text).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(decodeCursor(codec, scope, text)).toEqual(position);
  });

  it("refuse any single-character change, with code invalid_cursor", () => {
    const text = encodeCursor(codec, scope, position);
    const alphabet = [..."ABCXYZabcxyz0189-_."];
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom(...alphabet), (at, char) => {
        const tampered = text.slice(0, at) + char + text.slice(at + 1);
        fc.pre(tampered !== text);
        let error: unknown = null;
        try {
          decodeCursor(codec, scope, tampered);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(InvalidCursorError);
        expect(error).toMatchObject({ code: "invalid_cursor", parameter: "cursor" });
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it("refuse a payload re-encoded without the key, as the unsigned cursors of old were made", () => {
    const [, mac] = encodeCursor(codec, scope, position).split(".");
    const forged = Buffer.from(JSON.stringify({ c: "2999-01-01", i: "1" })).toString("base64url");
    expect(() => decodeCursor(codec, scope, `${forged}.${mac}`)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(codec, scope, forged)).toThrow(InvalidCursorError);
  });

  it("belong to one list and one server secret", () => {
    const text = encodeCursor(codec, scope, position);
    const other = cursorScope.jobs("billing", "generic", "webhooks", "refunds");
    expect(() => decodeCursor(codec, other, text)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(codec, cursorScope.audit(), text)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursorCodec(Buffer.alloc(32, 2)), scope, text)).toThrow(
      InvalidCursorError,
    );
    // No name can pass for two: "a\nb" + "c" is not "a" + "b\nc".
    expect(cursorScope.rows("t", "a\nb", "c")).not.toBe(cursorScope.rows("t", "a", "b\nc"));
  });

  it("refuse signed payloads of the wrong shape, and text far too long to be one", () => {
    expect(() => decodeCursor(codec, scope, codec.sign(scope, { c: 1, i: [] }))).toThrow(
      InvalidCursorError,
    );
    expect(() => decodeCursor(codec, scope, `${"a".repeat(40_000)}.${"b".repeat(43)}`)).toThrow(
      InvalidCursorError,
    );
    expect(() => decodeCursor(codec, scope, "")).toThrow(InvalidCursorError);
  });

  it("tell the operator what happened and what to do", () => {
    expect(new InvalidCursorError().message).toBe(INVALID_CURSOR_MESSAGE);
    expect(INVALID_CURSOR_MESSAGE).toMatch(/not one this console issued.*first page/);
  });
});
