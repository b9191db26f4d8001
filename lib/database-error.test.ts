import { describe, expect, it } from "vitest";
import { isUnreachable } from "./database-error";

const withCode = (code: string) => Object.assign(new Error(code), { code });
const wrapped = (cause: Error) => new Error("Failed query: update …", { cause });

describe("isUnreachable", () => {
  it("is true for connection failures, however deeply the driver's error is wrapped", () => {
    for (const code of [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "EHOSTUNREACH",
      "ENOTFOUND",
      "CONNECT_TIMEOUT",
      "CONNECTION_CLOSED",
      "08006",
      "57P01",
    ]) {
      expect(isUnreachable(wrapped(withCode(code))), code).toBe(true);
    }
  });

  it("is false for errors of the statement itself", () => {
    for (const code of ["55P03", "57014", "23505", "42P01", "SQLITE_BUSY"]) {
      expect(isUnreachable(wrapped(withCode(code))), code).toBe(false);
    }
    expect(isUnreachable(new Error("no code"))).toBe(false);
  });
});
