import type { DatabaseState } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { stateLabel } from "./database-state-label";

const backfill = (qr?: { done: number; total: number }): DatabaseState => ({
  kind: "syncing",
  phase: "backfill",
  done: 8_000,
  total: 10_000,
  etaSeconds: 690,
  ...(qr ? { qr: { ...qr, etaSeconds: 7_900 } } : {}),
});

describe("database state label", () => {
  it("shows the QR codes' progress next to the links' during a backfill", () => {
    expect(stateLabel(backfill({ done: 2_100, total: 10_000 }))).toBe(
      "Creating links 8,000 of 10,000 · QR codes 2,100 of 10,000",
    );
  });

  it("shows the links alone when no QR code is owed (QR images as links)", () => {
    expect(stateLabel(backfill())).toBe("Creating links 8,000 of 10,000");
    expect(stateLabel(backfill({ done: 0, total: 0 }))).toBe("Creating links 8,000 of 10,000");
  });

  it("names the service and how it stopped the run instead of a bare Offline", () => {
    const waiting = (service: "notion" | "provider", code: string, pending: number): DatabaseState => ({
      kind: "offline",
      pending,
      cause: { service, code, message: "…" },
    });
    expect(stateLabel(waiting("notion", "offline", 1))).toBe(
      "Offline: Notion cannot be reached, 1 change waiting",
    );
    expect(stateLabel(waiting("provider", "rate_limited", 3))).toBe(
      "The shortener is limiting requests, 3 changes waiting",
    );
    expect(stateLabel(waiting("provider", "unavailable", 2))).toBe(
      "The shortener is failing, 2 changes waiting",
    );
    expect(stateLabel(waiting("notion", "unavailable", 2))).toBe("Notion is failing, 2 changes waiting");
  });
});
