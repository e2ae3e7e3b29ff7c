import type { AgentStatus } from "@linksync/core";
import type { MenuItemConstructorOptions } from "electron";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { database } from "../testing/scripted-agent";

// Electron's Tray, Menu and nativeImage exist only inside Electron: these stand-ins record what the controller asks.
const recorded = vi.hoisted(() => ({
  images: [] as Buffer[],
  templates: 0,
  clicks: [] as (() => void)[],
  tooltips: [] as string[],
  menus: [] as MenuItemConstructorOptions[][],
  destroyed: 0,
}));
vi.mock("electron", () => ({
  nativeImage: {
    createFromBuffer: (buffer: Buffer) =>
      Object.assign(Buffer.from(buffer), {
        setTemplateImage: () => {
          recorded.templates++;
        },
      }),
  },
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
  Tray: class {
    on(event: string, listener: () => void) {
      if (event === "click") recorded.clicks.push(listener);
    }
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
  recorded.clicks.length = 0;
  recorded.templates = 0;
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
      "linux",
    );
    expect(Buffer.from(recorded.images.at(-1) as Buffer)).toEqual(trayIconPng("ok"));
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
      "linux",
    );
    const drawn = recorded.menus.length;
    status = { ...status, unreadConflicts: 3 };
    for (let i = 0; i < 50; i++) tray.scheduleRefresh();
    await vi.advanceTimersByTimeAsync(300);
    vi.useRealTimers();
    expect(recorded.menus.length).toBe(drawn + 1);
    expect(Buffer.from(recorded.images.at(-1) as Buffer)).toEqual(trayIconPng("attention"));
    expect(recorded.menus.at(-1)?.some((item) => item.label === "Open inbox (3 unread)")).toBe(true);
    tray.destroy();
  });

  it("opens the window on a left click on Windows and Linux", () => {
    const actions: string[] = [];
    new TrayController(
      () => status,
      (action) => actions.push(action),
      "win32",
    );
    for (const click of recorded.clicks) click();
    expect(actions).toEqual(["openApp"]);
    expect(recorded.templates).toBe(0);
  });

  it("draws a template image on macOS and leaves a click to the menu", () => {
    new TrayController(
      () => status,
      () => {},
      "darwin",
    );
    expect(recorded.clicks).toHaveLength(0);
    expect(recorded.templates).toBeGreaterThan(0);
    expect(Buffer.from(recorded.images.at(-1) as Buffer)).toEqual(trayIconPng("ok", 32, { template: true }));
  });
});
