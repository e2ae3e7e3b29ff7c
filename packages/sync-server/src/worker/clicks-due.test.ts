import { emptyDatabaseSyncState } from "@linksync/core/ports";
import { describe, expect, it } from "vitest";
import { clicksDue } from "./database-run";

const key = { connectionId: "conn-1", dataSourceId: "ds-1" };
const at = (iso: string) => Date.parse(iso);

describe("clicks refresh on the server", () => {
  it("is due on the first run, then 5 minutes after the last refresh", () => {
    expect(clicksDue(null, at("2026-01-01T10:00:00Z"))).toBe(true);
    const refreshed = {
      ...emptyDatabaseSyncState(key),
      clicksHistory: [{ at: "2026-01-01T10:00:00.000Z", total: 3 }],
    };
    expect(clicksDue(refreshed, at("2026-01-01T10:04:59Z"))).toBe(false);
    expect(clicksDue(refreshed, at("2026-01-01T10:05:00Z"))).toBe(true);
  });

  it("is not postponed by runs every minute: a run's time is not a refresh's", () => {
    const state = {
      ...emptyDatabaseSyncState(key),
      clicksHistory: [{ at: "2026-01-01T10:00:00.000Z", total: 3 }],
      lastSyncAt: "2026-01-01T10:05:30.000Z",
    };
    expect(clicksDue(state, at("2026-01-01T10:06:00Z"))).toBe(true);
  });
});
