import { describe, expect, it } from "vitest";
import { resolveThreshold, type ThresholdLayers } from "./resolve-threshold";

const layers: ThresholdLayers = {
  systemDefaults: { running_too_long: 300 },
  config: {
    waiting_too_long: 1200,
    systems: { marie: { waiting_too_long: 3600, queues: { extract: { running_too_long: 2700 } } } },
  },
  settings: [{ system: "marie", queue: "notify", code: "running_too_long", seconds: 60 }],
};

describe("resolveThreshold", () => {
  it("takes the most specific layer and says which", () => {
    expect(resolveThreshold("running_too_long", "marie", "notify", layers)).toEqual({
      seconds: 60,
      from: "settings (queue)",
    });
    expect(resolveThreshold("running_too_long", "marie", "extract", layers)).toEqual({
      seconds: 2700,
      from: "config file (queue)",
    });
    expect(resolveThreshold("running_too_long", "marie", "classify", layers)).toEqual({
      seconds: 300,
      from: "system default",
    });
    expect(resolveThreshold("waiting_too_long", "marie", "classify", layers)).toEqual({
      seconds: 3600,
      from: "config file (system)",
    });
    expect(resolveThreshold("waiting_too_long", "coach-artie", "x", layers)).toEqual({
      seconds: 1200,
      from: "config file (target)",
    });
    expect(resolveThreshold("lease_expired", "marie", "x", layers)).toEqual({
      seconds: 60,
      from: "Switchyard default",
    });
  });
});
