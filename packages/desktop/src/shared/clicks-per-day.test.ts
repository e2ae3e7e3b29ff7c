import { describe, expect, it } from "vitest";
import { clicksPerDay } from "./clicks-per-day";

const utcDay = (iso: string) => iso.slice(0, 10);
const point = (at: string, total: number) => ({ at, total });

describe("clicks per day", () => {
  it("turns the running totals into each day's clicks, with days Linksync did not run left empty", () => {
    const points = [
      point("2026-11-28T09:00:00Z", 40),
      point("2026-11-28T23:55:00Z", 52),
      point("2026-11-29T08:00:00Z", 60),
      point("2026-12-01T10:00:00Z", 75),
      point("2026-12-01T18:00:00Z", 90),
    ];
    expect(clicksPerDay(points, 7, "2026-12-01", utcDay)).toEqual([
      { day: "2026-11-28", clicks: 12 },
      { day: "2026-11-29", clicks: 8 },
      { day: "2026-11-30", clicks: null },
      { day: "2026-12-01", clicks: 30 },
    ]);
  });

  it("shows only the chosen range, and nothing without points", () => {
    const points = [point("2026-11-20T09:00:00Z", 0), point("2026-12-01T09:00:00Z", 5)];
    expect(clicksPerDay(points, 1, "2026-12-01", utcDay)).toEqual([{ day: "2026-12-01", clicks: 5 }]);
    expect(clicksPerDay([], 7, "2026-12-01", utcDay)).toEqual([]);
  });
});
