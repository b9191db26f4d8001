import { describe, expect, it } from "vitest";
import { failureRate, failureSeverity, waitingSeverity } from "./health-signals";

describe("health signals", () => {
  it("grades waiting age", () => {
    expect(waitingSeverity(null)).toBe("ok");
    expect(waitingSeverity(60)).toBe("ok");
    expect(waitingSeverity(10 * 60)).toBe("warning");
    expect(waitingSeverity(3 * 3600)).toBe("danger");
  });

  it("grades the failure share only when something finished", () => {
    expect(failureRate(0, 0)).toBeNull();
    expect(failureRate(null, null)).toBeNull();
    expect(failureRate(40, 10)).toBe(0.25);
    expect(failureSeverity(failureRate(40, 10))).toBe("danger");
    expect(failureSeverity(failureRate(100, 6))).toBe("warning");
    expect(failureSeverity(failureRate(100, 1))).toBe("ok");
  });
});
