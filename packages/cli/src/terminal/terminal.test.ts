import { describe, expect, it } from "vitest";
import { formatDuration, renderProgressLine } from "./progress-bar";
import { renderTable } from "./table";

describe("renderProgressLine", () => {
  it("fills the bar in proportion to the work done and shows rate, ETA and throttling", () => {
    const line = renderProgressLine(
      { label: "Backfill", done: 50, total: 200, ratePerSecond: 12.34, etaSeconds: 13, throttled: true },
      8,
    );
    expect(line).toBe("Backfill [██░░░░░░] 50/200  12.3 rows/s  ETA 13s  throttled by Notion, resuming");
  });

  it("shows a backfill's links and QR codes side by side, each with its ETA", () => {
    const line = renderProgressLine(
      {
        label: "Backfill",
        done: 8_000,
        total: 10_000,
        ratePerSecond: 2.9,
        etaSeconds: 690,
        throttled: false,
        qr: { done: 2_100, total: 10_000, etaSeconds: 7_900 },
      },
      5,
    );
    expect(line).toBe("Backfill [████░] links 8,000 / 10,000  ETA 11m30s · QR 2,100 / 10,000  ETA 131m40s");
  });

  it("says when Notion imports the QR codes rather than Linksync uploading them", () => {
    const line = renderProgressLine(
      {
        label: "Backfill",
        done: 10_000,
        total: 10_000,
        ratePerSecond: 0,
        etaSeconds: 0,
        throttled: false,
        qr: { done: 2_100, total: 10_000, etaSeconds: 4_000, method: "import" },
      },
      5,
    );
    expect(line).toBe(
      "Backfill [█████] links 10,000 / 10,000  ETA 0s · QR imported 2,100 / 10,000  ETA 66m40s",
    );
  });

  it("shows a full bar for an empty job rather than dividing by zero", () => {
    const line = renderProgressLine(
      { label: "Backfill", done: 0, total: 0, ratePerSecond: 0, etaSeconds: null, throttled: false },
      4,
    );
    expect(line).toBe("Backfill [████] 0/0  0.0 rows/s");
  });
});

describe("formatDuration", () => {
  it("uses minutes past a minute", () => {
    expect(formatDuration(59.2)).toBe("60s");
    expect(formatDuration(125)).toBe("2m05s");
  });
});

describe("renderTable", () => {
  it("aligns columns to the widest cell", () => {
    expect(
      renderTable(
        ["Row", "Clicks"],
        [
          ["Spring launch", 12],
          ["FAQ", 3],
        ],
      ),
    ).toBe(
      ["Row            Clicks", "─────────────  ──────", "Spring launch  12", "FAQ            3"].join("\n"),
    );
  });
});
