import { describe, expect, it } from "vitest";
import { createClock } from "../clock/clock";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with a whole-second Retry-After until time refills the bucket", () => {
    const clock = createClock(() => 0);
    const limiter = new RateLimiter(clock, { perSecond: 3, burst: 2 });
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(334);
    expect(limiter.take("a")).toEqual({ allowed: true });
  });

  it("keeps one bucket per token", () => {
    const limiter = new RateLimiter(
      createClock(() => 0),
      { perSecond: 1, burst: 1 },
    );
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("b").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("averages the configured rate over time", () => {
    const clock = createClock(() => 0);
    const limiter = new RateLimiter(clock, { perSecond: 3, burst: 3 });
    let allowed = 0;
    for (let step = 0; step < 100; step++) {
      if (limiter.take("a").allowed) allowed++;
      clock.advance(100);
    }
    // 10 simulated seconds at 3/s plus the initial burst of 3.
    expect(allowed).toBeGreaterThanOrEqual(32);
    expect(allowed).toBeLessThanOrEqual(33);
  });

  it("lets everything through when turned off", () => {
    const limiter = new RateLimiter(
      createClock(() => 0),
      false,
    );
    for (let step = 0; step < 50; step++) expect(limiter.take("a").allowed).toBe(true);
  });
});
