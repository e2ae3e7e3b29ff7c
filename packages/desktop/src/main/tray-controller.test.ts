import type { AgentStatus } from "@linksync/core";
import type { MenuItemConstructorOptions } from "electron";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { database } from "../testing/scripted-agent";

// Electron's Tray, Menu and nativeImage exist only inside Electron: these stand-ins record what the controller asks.
const recorded = vi.hoisted(() => ({
  images: [] as Buffer[],
  tooltips: [] as string[],
  menus: [] as MenuItemConstructorOptions[][],
  destroyed: 0,
}));
vi.mock("electron", () => ({
  nativeImage: { createFromBuffer: (buffer: Buffer) => buffer },
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
  Tray: class {
    setImage(image: Buffer) {
      recorded.images.push(image);
    }
    setToolTip(text: string) {
      recorded.tooltips.push(text);
    }
    setContextMenu(menu: MenuItemConstructorOptions[]) {
      recorded.menus.push(menu);
    }
    destroy() {
      recorded.destroyed++;
    }
  },
}));

const { TrayController } = await import("./tray-controller");
const { trayIconPng } = await import("./tray/tray-icon-image");

let status: AgentStatus;
beforeEach(() => {
  recorded.images.length = 0;
  recorded.tooltips.length = 0;
  recorded.menus.length = 0;
  status = {
    connections: [],
    databases: [database("db-1", "Campaign links")],
    unreadConflicts: 0,
    pendingWrites: 0,
  };
});

describe("tray controller (Electron mocked)", () => {
  it("shows the icon, tooltip and menu of the agent's status, and runs the clicked action", () => {
    const actions: string[] = [];
    new TrayController(
      () => status,
      (action) => actions.push(action),
    );
    expect(recorded.images.at(-1)).toEqual(trayIconPng("ok"));
    expect(recorded.tooltips.at(-1)).toBe("Linksync: 1 database");
    const inbox = recorded.menus.at(-1)?.find((item) => item.label === "Open inbox");
    (inbox?.click as () => void)();
    expect(actions).toEqual(["openInbox"]);
  });

  it("redraws once for a burst of events, with the new state", async () => {
    vi.useFakeTimers();
    const tray = new TrayController(
      () => status,
      () => {},
    );
    const drawn = recorded.menus.length;
    status = { ...status, unreadConflicts: 3 };
    for (let i = 0; i < 50; i++) tray.scheduleRefresh();
    await vi.advanceTimersByTimeAsync(300);
    vi.useRealTimers();
    expect(recorded.menus.length).toBe(drawn + 1);
    expect(recorded.images.at(-1)).toEqual(trayIconPng("attention"));
    expect(recorded.menus.at(-1)?.some((item) => item.label === "Open inbox (3 unread)")).toBe(true);
    tray.destroy();
  });
});
