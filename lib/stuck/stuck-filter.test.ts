import { describe, expect, it } from "vitest";
import { matchesStuck, parseStuckParams } from "./stuck-filter";

const entry = {
  target: "marie",
  system: "marie",
  queue: "extract",
  code: "lease_expired" as const,
};

describe("stuck filter", () => {
  it("reads a place and a reason, dropping empty values", () => {
    const parsed = parseStuckParams(
      new URLSearchParams("target=marie&queue=&reason=lease_expired"),
    );
    expect(parsed).toEqual({ ok: true, value: { target: "marie", reason: "lease_expired" } });
    if (!parsed.ok) return;
    expect(matchesStuck(parsed.value, entry)).toBe(true);
    expect(matchesStuck(parsed.value, { ...entry, code: "running_too_long" })).toBe(false);
    expect(matchesStuck(parsed.value, { ...entry, target: "billing" })).toBe(false);
  });

  it("names the parameter of an unknown reason", () => {
    const parsed = parseStuckParams(new URLSearchParams("reason=slow"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.parameter).toBe("reason");
    expect(parsed.message).toContain("running_too_long");
  });
});
