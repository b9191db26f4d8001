import { describe, expect, it } from "vitest";
import {
  isRowFlagged,
  MASK,
  maskCredentials,
  maskPolicy,
  secretColumnMatcher,
  unsearchableColumns,
  wholeCellMask,
} from "./masking";

const isSecret = secretColumnMatcher([]);

describe("secret column names", () => {
  it("matches the usual names and not their innocent neighbours", () => {
    for (const name of [
      "password",
      "user_password",
      "api_key",
      "apiKey",
      "TOKEN",
      "client_secret",
    ]) {
      expect(isSecret(name), name).toBe(true);
    }
    for (const name of ["id", "status", "value", "is_secret", "token_count", "token_expires_at"]) {
      expect(isSecret(name), name).toBe(false);
    }
  });

  it("adds configured patterns", () => {
    const matcher = secretColumnMatcher(["^ssn$"]);
    expect(matcher("ssn")).toBe(true);
    expect(matcher("ssn_hint")).toBe(false);
  });
});

describe("row rules", () => {
  it("masks configurations.value only where is_secret = 1", () => {
    const policy = maskPolicy("configurations", ["key", "value", "is_secret"], []);
    expect(wholeCellMask(policy, { key: "a", value: "x", is_secret: "1" }, "value")).toBe("row");
    expect(wholeCellMask(policy, { key: "a", value: "x", is_secret: "0" }, "value")).toBeNull();
    expect(wholeCellMask(policy, { key: "a", value: "x", is_secret: 1 }, "key")).toBeNull();
    expect(isRowFlagged(policy, { is_secret: 0 })).toBe(false);
    expect(unsearchableColumns(policy)).toEqual(new Set(["value"]));
  });

  it("does not apply to another table with the same column names", () => {
    expect(maskPolicy("settings", ["value", "is_secret"], []).rowRule).toBeNull();
  });
});

describe("maskCredentials", () => {
  it("removes passwords from URLs and tokens from query strings", () => {
    const { text, changed } = maskCredentials(
      "connect postgres://app:s3cr3t@db:5432/x then https://h/p?a=1&token=abc123&b=2",
      isSecret,
    );
    expect(changed).toBe(true);
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("abc123");
    expect(text).toContain(`postgres://app:${MASK}@db`);
  });

  it("masks secret keys in JSON, keeping it valid JSON", () => {
    const json = JSON.stringify({ user: "u", password: "hunter2", nested: { api_key: 42 } });
    const { text } = maskCredentials(json, isSecret);
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({ user: "u", password: MASK, nested: { api_key: MASK } });
  });

  it("masks a secret cut off by truncation", () => {
    const { text } = maskCredentials('{"token": "abcdefgh', isSecret);
    expect(text).not.toContain("abcdefgh");
  });

  it("leaves ordinary text alone", () => {
    expect(maskCredentials("https://example.com/a?b=c", isSecret)).toEqual({
      text: "https://example.com/a?b=c",
      changed: false,
    });
  });
});
