import { describe, expect, it } from "vitest";
import { advanceWatermark, MIN_OVERLAP_MS, queryFloor } from "./watermark";

describe("watermark", () => {
  it("starts a full scan when there is no watermark yet", () => {
    expect(queryFloor(null)).toBeNull();
  });

  it("overlaps the previous watermark by at least two minutes", () => {
    expect(queryFloor("2026-01-01T10:05:00.000Z", 10_000)).toBe("2026-01-01T10:03:00.000Z");
    expect(queryFloor("2026-01-01T10:05:00.000Z", 5 * 60_000)).toBe("2026-01-01T10:00:00.000Z");
    expect(MIN_OVERLAP_MS).toBe(120_000);
  });

  it("advances to Notion's time of the cycle's query and never moves backwards", () => {
    const queryTime = "2026-01-01T10:05:00.000Z";
    expect(advanceWatermark(null, queryTime)).toBe("2026-01-01T10:05:00.000Z");
    expect(advanceWatermark("2026-01-01T11:00:00.000Z", queryTime)).toBe("2026-01-01T11:00:00.000Z");
  });

  it("keeps the previous watermark when Notion's time is unknown, rather than take the agent's", () => {
    expect(advanceWatermark("2026-01-01T10:00:00.000Z", null)).toBe("2026-01-01T10:00:00.000Z");
    expect(advanceWatermark(null, null)).toBeNull();
  });
});
