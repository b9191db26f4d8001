import os from "node:os";
import { describe, expect, it } from "vitest";
import { applicationName, instanceName } from "./instance-name";

describe("an instance's name", () => {
  it("is SWITCHYARD_INSTANCE when set, else the host name", () => {
    expect(instanceName({ SWITCHYARD_INSTANCE: " web-2 " })).toBe("web-2");
    expect(instanceName({ SWITCHYARD_INSTANCE: "" })).toBe(os.hostname());
    expect(instanceName({})).toBe(os.hostname());
  });

  it("names database sessions only when set, within PostgreSQL's 63 bytes", () => {
    expect(applicationName("switchyard", {})).toBe("switchyard");
    expect(applicationName("switchyard-home", { SWITCHYARD_INSTANCE: "web-2" })).toBe(
      "switchyard-home:web-2",
    );
    expect(applicationName("switchyard", { SWITCHYARD_INSTANCE: "x".repeat(80) })).toHaveLength(63);
  });
});
