import { describe, expect, it } from "vitest";
import { durationText, parseDuration } from "./duration";

describe("durations", () => {
  it("parses units and plain seconds", () => {
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("15m")).toBe(900);
    expect(parseDuration("1.5h")).toBe(5400);
    expect(parseDuration("2d")).toBe(172_800);
    expect(parseDuration(45)).toBe(45);
    expect(parseDuration("300")).toBe(300);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration(-1)).toBeNull();
  });

  it("prints the shortest exact unit", () => {
    expect(durationText(300)).toBe("5m");
    expect(durationText(5400)).toBe("90m");
    expect(durationText(7200)).toBe("2h");
    expect(durationText(45)).toBe("45s");
  });
});
