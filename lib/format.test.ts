import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration, formatMillis, formatRelative } from "./format";

describe("format", () => {
  it("marks estimated counts and compacts large ones", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(1234, "estimate")).toBe("≈ 1,234");
    expect(formatCount(2_100_000, "estimate")).toBe("≈ 2.1M");
    expect(formatCount(100_000, "lower-bound")).toBe("≥ 100K");
  });

  it("formats sizes and durations in operator units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1.3 * 1024 ** 3)).toBe("1.3 GB");
    expect(formatDuration(47 * 60 + 10)).toBe("47 min");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 5 min");
    expect(formatDuration(50 * 3600)).toBe("2 d 2 h");
  });

  it("says how long ago or how soon", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(formatRelative(new Date("2026-01-01T11:15:00Z"), now)).toBe("45 min ago");
    expect(formatRelative(new Date("2026-01-01T14:00:00Z"), now)).toBe("in 2 h");
  });
});

describe("formatMillis", () => {
  it("shows milliseconds, then seconds with a decimal, then minutes", () => {
    expect(formatMillis(3.4)).toBe("3 ms");
    expect(formatMillis(1_234)).toBe("1.2 s");
    expect(formatMillis(125_000)).toBe("2 min");
  });
});
