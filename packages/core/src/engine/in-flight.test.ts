import { describe, expect, it } from "vitest";
import { forEachInFlight } from "./in-flight";

describe("forEachInFlight", () => {
  it("never runs more than the limit at once and runs every item", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachInFlight([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("stops starting new items after a failure and rethrows it once the others finish", async () => {
    const started: number[] = [];
    await expect(
      forEachInFlight([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(started).toEqual([1, 2]);
  });
});
