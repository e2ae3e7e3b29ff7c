import { describe, expect, it } from "vitest";
import { appendClicksPoint, CLICKS_HISTORY_LIMIT } from "./clicks-history";

describe("appendClicksPoint", () => {
  it("appends the newest point last", () => {
    const first = appendClicksPoint([], { at: "2026-01-01T00:00:00.000Z", total: 3 });
    const second = appendClicksPoint(first, { at: "2026-01-01T00:05:00.000Z", total: 5 });
    expect(second).toEqual([
      { at: "2026-01-01T00:00:00.000Z", total: 3 },
      { at: "2026-01-01T00:05:00.000Z", total: 5 },
    ]);
  });

  it("drops the oldest points beyond the limit (a week at 5 minutes by default)", () => {
    let history = appendClicksPoint([], { at: "t0", total: 0 }, 3);
    for (let i = 1; i <= 4; i++) history = appendClicksPoint(history, { at: `t${i}`, total: i }, 3);
    expect(history.map((p) => p.at)).toEqual(["t2", "t3", "t4"]);
    expect(CLICKS_HISTORY_LIMIT).toBe(7 * 24 * 12);
  });
});
