import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock";
import { openTestDatabase, TEST_ENGINES } from "../testing/test-database";
import { RateLimiter, realSleep, SqlRateSlots } from "./rate-limiter";

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
    await limit.holdFor(5000);
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

describe.each(TEST_ENGINES)("RateLimiter with its slots in the database on %s", (engine) => {
  it("spaces the calls of two instances as one budget, and holds both after a 429 either got", async () => {
    const database = await openTestDatabase(engine);
    try {
      const starts: number[] = [];
      const instance = () =>
        new RateLimiter({
          perSecond: 20,
          now: Date.now,
          sleep: realSleep,
          slots: new SqlRateSlots(database.sql, "notion"),
        });
      const [a, b] = [instance(), instance()];
      const task = async () => {
        starts.push(Date.now());
      };
      const before = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).schedule(task)));
      starts.sort((x, y) => x - y);
      // 20 per second: the i-th call of either instance starts no sooner than i × 50 ms after the first slot.
      expect(starts.map((at, i) => at - before >= i * 50 - 1)).toEqual(starts.map(() => true));

      const held = Date.now();
      await a.holdFor(400);
      await b.schedule(task);
      expect(starts.at(-1)! - held).toBeGreaterThanOrEqual(399);
    } finally {
      await database.drop();
    }
  });
});
