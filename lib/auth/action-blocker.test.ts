import { describe, expect, it } from "vitest";
import { actionBlocker } from "./action-blocker";

const target = { id: "billing", readOnly: false };

describe("actionBlocker", () => {
  it("lets an operator act on a writable target", () => {
    expect(actionBlocker({ role: "operator" }, target)).toBeNull();
    expect(actionBlocker({ role: "admin" }, target)).toBeNull();
  });

  it("says why not: the home database away comes first, then a read-only target, then the role", () => {
    expect(actionBlocker({ role: "admin", homeUnavailable: "ECONNREFUSED" }, target)).toBe(
      "Switchyard's home database is unavailable (ECONNREFUSED): changes are refused until it is back.",
    );
    expect(actionBlocker({ role: "admin" }, { id: "billing", readOnly: true })).toMatch(
      /read-only/,
    );
    expect(actionBlocker({ role: "viewer" }, target)).toMatch(/actions need the operator role/);
  });
});
