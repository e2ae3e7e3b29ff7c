import type { AgentStatus } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { database } from "../../testing/scripted-agent";
import { trayIconState, trayTooltip } from "./tray-icon-state";
import { trayMenu } from "./tray-menu";

const NOW = Date.parse("2026-01-01T00:03:00.000Z");
const status = (overrides: Partial<AgentStatus> = {}): AgentStatus => ({
  connections: [{ id: "conn-1", label: "Acme", workspaceName: "Acme", state: "connected" }],
  databases: [
    database("db-1", "Campaign links"),
    database("db-2", "Events", {
      kind: "offline",
      pending: 3,
      cause: { service: "notion", code: "offline", message: "Notion could not be reached." },
    }),
  ],
  unreadConflicts: 0,
  pendingWrites: 3,
  ...overrides,
});
const labels = (s: AgentStatus) =>
  trayMenu(s, NOW).map((entry) => (entry.type === "item" ? entry.label : "—"));

describe("tray menu", () => {
  it("has a status line per database, then the actions", () => {
    expect(labels(status())).toEqual([
      "Campaign links: Synced · 3 min ago",
      "Events: Offline: Notion cannot be reached, 3 changes waiting",
      "—",
      "Sync now",
      "Pause all",
      "—",
      "Open inbox",
      "Open Linksync",
      "—",
      "Quit Linksync",
    ]);
  });

  it("shows the unread conflict count on Open inbox", () => {
    const inbox = trayMenu(status({ unreadConflicts: 4 }), NOW).find(
      (entry) => entry.type === "item" && entry.action === "openInbox",
    );
    expect(inbox).toMatchObject({ label: "Open inbox (4 unread)", enabled: true });
  });

  it("offers Resume all once every database is paused", () => {
    const paused = { kind: "paused", reason: "user", message: "" } as const;
    const menu = labels(
      status({ databases: [database("db-1", "A", paused), database("db-2", "B", paused)] }),
    );
    expect(menu).toContain("Resume all");
    expect(menu).not.toContain("Pause all");
  });

  it("disables syncing actions and says so when nothing is connected", () => {
    const menu = trayMenu(status({ databases: [] }), NOW);
    expect(menu[0]).toMatchObject({ label: "No database connected yet", enabled: false });
    expect(menu.find((entry) => entry.type === "item" && entry.action === "syncNow")).toMatchObject({
      enabled: false,
    });
  });

  it("status lines are not clickable", () => {
    expect(trayMenu(status(), NOW)[0]).toMatchObject({ enabled: false, action: null });
  });
});

describe("tray icon state", () => {
  it("is ok when everything is synced", () => {
    expect(trayIconState(status({ databases: [database("db-1", "A")] }))).toBe("ok");
  });
  it("is syncing while a database syncs or is throttled", () => {
    const syncing = { kind: "syncing", phase: "backfill", done: 1, total: 9, etaSeconds: 3 } as const;
    expect(trayIconState(status({ databases: [database("db-1", "A", syncing)] }))).toBe("syncing");
    const throttled = { kind: "throttled", retryAt: "2026-01-01T00:00:05Z" } as const;
    expect(trayIconState(status({ databases: [database("db-1", "A", throttled)] }))).toBe("syncing");
  });
  it("is offline when a database waits for the network", () => {
    expect(trayIconState(status())).toBe("offline");
  });
  it("needs attention for unread conflicts, a revoked connection, an error or a pause the user did not ask for", () => {
    expect(trayIconState(status({ unreadConflicts: 1 }))).toBe("attention");
    expect(
      trayIconState(status({ connections: [{ id: "c", label: "A", workspaceName: "A", state: "revoked" }] })),
    ).toBe("attention");
    const drift = { kind: "paused", reason: "schema_drift", message: "Destination was renamed" } as const;
    expect(trayIconState(status({ databases: [database("db-1", "A", drift)] }))).toBe("attention");
    const userPause = { kind: "paused", reason: "user", message: "" } as const;
    expect(trayIconState(status({ databases: [database("db-1", "A", userPause)] }))).toBe("ok");
  });
  it("tooltip sums it up", () => {
    expect(trayTooltip(status({ unreadConflicts: 2 }))).toBe(
      "Linksync: 2 databases · offline, 3 waiting · 2 conflicts to review",
    );
  });
});
