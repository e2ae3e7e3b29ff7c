import { describe, expect, it } from "vitest";
import { ProgressMeter } from "./progress";

describe("ProgressMeter", () => {
  it("reports done/total, the rate over the window and the ETA it implies", () => {
    const meter = new ProgressMeter(100, 0);
    meter.record(1_000, 10);
    const figures = meter.record(2_000, 20);
    expect(figures).toEqual({ done: 20, total: 100, ratePerSecond: 10, etaSeconds: 8 });
  });

  it("lets an old slow spell fade out of the rate", () => {
    const meter = new ProgressMeter(1_000, 0, 10_000);
    meter.record(20_000, 10);
    meter.record(30_000, 110);
    const figures = meter.record(31_000, 120);
    expect(figures.ratePerSecond).toBeGreaterThan(9);
  });

  it("has no ETA before anything is done and zero once everything is", () => {
    const meter = new ProgressMeter(3, 0);
    expect(meter.figures(5_000).etaSeconds).toBeNull();
    expect(meter.record(6_000, 3).etaSeconds).toBe(0);
  });
});
