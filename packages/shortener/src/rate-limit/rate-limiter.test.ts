import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock";
import { RateLimiter } from "./rate-limiter";

function limiter(perSecond: number) {
  const clock = new FakeClock(0);
  const starts: number[] = [];
  const limit = new RateLimiter({
    perSecond,
    now: clock.now,
    sleep: async (ms) => clock.advance(ms),
  });
  const task = async () => {
    starts.push(clock.now());
  };
  return { clock, starts, limit, task };
}

describe("RateLimiter", () => {
  it("spaces calls evenly at the allowed rate, in order", async () => {
    const { starts, limit, task } = limiter(3);
    await Promise.all(Array.from({ length: 4 }, () => limit.schedule(task)));
    expect(starts.map(Math.round)).toEqual([0, 333, 667, 1000]);
  });

  it("holds every call after a 429 until the time asked for", async () => {
    const { starts, limit, task } = limiter(3);
    await limit.schedule(task);
    limit.holdFor(5000);
    await limit.schedule(task);
    expect(starts).toEqual([0, 5000]);
  });

  it("keeps going after a failed call", async () => {
    const { starts, limit, task } = limiter(10);
    await expect(limit.schedule(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await limit.schedule(task);
    expect(starts).toEqual([100]);
  });
});
