import { describe, expect, it } from "vitest";
import { ClickWindows } from "./click-windows";

describe("ClickWindows", () => {
  const minute = Date.UTC(2026, 10, 22, 18, 0, 0);
  const tally = (count: number, at: number) => ({ count, lastClickAt: new Date(at).toISOString() });

  it("sums a minute of batches per link into one window, closed when the minute is over", () => {
    const windows = new ClickWindows(0);
    expect(windows.add(new Map([["a", tally(3, minute + 1000)]]))).toEqual([]);
    windows.add(
      new Map([
        ["a", tally(2, minute + 30_000)],
        ["b", tally(1, minute + 30_000)],
      ]),
    );
    expect(windows.close(minute + 59_999)).toEqual([]);
    expect(windows.close(minute + 60_000)).toEqual([
      { linkId: "a", clicks: 5, windowStart: minute, lastClickAt: new Date(minute + 30_000).toISOString() },
      { linkId: "b", clicks: 1, windowStart: minute, lastClickAt: new Date(minute + 30_000).toISOString() },
    ]);
    expect(windows.close(minute + 120_000)).toEqual([]);
  });

  it("waits a grace period for batches written late", () => {
    const windows = new ClickWindows(2000);
    windows.add(new Map([["a", tally(1, minute)]]));
    expect(windows.close(minute + 61_999)).toEqual([]);
    expect(windows.close(minute + 62_000)).toMatchObject([{ linkId: "a", clicks: 1 }]);
  });

  it("closes a link's window when its next minute's clicks arrive first, and everything on close", () => {
    const windows = new ClickWindows(0);
    windows.add(new Map([["a", tally(1, minute)]]));
    const closed = windows.add(new Map([["a", tally(4, minute + 61_000)]]));
    expect(closed).toMatchObject([{ linkId: "a", clicks: 1, windowStart: minute }]);
    expect(windows.close(minute + 61_000, true)).toMatchObject([{ linkId: "a", clicks: 4 }]);
  });
});
