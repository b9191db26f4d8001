import { describe, expect, it } from "vitest";
import { cached, forgetCached } from "./cache";

describe("the shared read cache", () => {
  it("shares one load among callers until it expires", async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cached("cache-test:a", 60_000, load)).toBe(1);
    expect(await cached("cache-test:a", 60_000, load)).toBe(1);
    expect(loads).toBe(1);
  });

  it("forgets a key and every key under it, and nothing else", async () => {
    let loads = 0;
    const load = async () => ++loads;
    await cached("queue-counts:t:s:q1", 60_000, load);
    await cached("queue-counts:t:s:q2", 60_000, load);
    await cached("queue-countsx", 60_000, load);
    forgetCached("queue-counts");
    expect(await cached("queue-counts:t:s:q1", 60_000, load)).toBe(4);
    expect(await cached("queue-counts:t:s:q2", 60_000, load)).toBe(5);
    expect(await cached("queue-countsx", 60_000, load)).toBe(3);
  });
});
