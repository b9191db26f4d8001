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

  it("serves an expired value while one reload runs, then the reloaded one", async () => {
    let loads = 0;
    let release: () => void = () => {};
    const load = async () => {
      loads += 1;
      if (loads > 1) await new Promise<void>((resolve) => (release = resolve));
      return loads;
    };
    expect(await cached("cache-test:swr", 20, load)).toBe(1);
    await sleep(30);
    expect(await cached("cache-test:swr", 20, load)).toBe(1);
    expect(await cached("cache-test:swr", 20, load)).toBe(1);
    expect(loads).toBe(2);
    release();
    await sleep(5);
    expect(await cached("cache-test:swr", 20, load)).toBe(2);
  });

  it("drops a value whose reload failed, so the next caller waits and sees the error", async () => {
    let calls = 0;
    const load = async () => {
      calls += 1;
      if (calls === 2) throw new Error("target unreachable");
      return calls;
    };
    expect(await cached("cache-test:fail", 20, load)).toBe(1);
    await sleep(30);
    expect(await cached("cache-test:fail", 20, load)).toBe(1);
    await sleep(5);
    expect(await cached("cache-test:fail", 20, load)).toBe(3);
  });

  it("makes callers wait once a value is older than five times its freshness", async () => {
    let loads = 0;
    const load = async () => ++loads;
    await cached("cache-test:old", 10, load);
    await sleep(70);
    expect(await cached("cache-test:old", 10, load)).toBe(2);
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
