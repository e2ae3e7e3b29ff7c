import type { AgentStatus } from "@linksync/core";
import { Menu, type MenuItemConstructorOptions, type NativeImage, nativeImage, Tray } from "electron";
import { trayIconPng } from "./tray/tray-icon-image";
import { type TrayIconState, trayIconState, trayTooltip } from "./tray/tray-icon-state";
import { type TrayAction, trayMenu } from "./tray/tray-menu";

/**
 * Keeps the tray's icon, tooltip and menu in step with the agent's status. On macOS the icon is a template image
 * (the menu bar tints it) and a click opens the menu, as menu-bar items do; elsewhere a left click opens the window.
 */
export class TrayController {
  private readonly tray: Tray;
  private pending: NodeJS.Timeout | null = null;

  constructor(
    private readonly status: () => AgentStatus,
    private readonly onAction: (action: TrayAction) => void,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.tray = new Tray(this.image("ok"));
    if (platform !== "darwin") this.tray.on("click", () => this.onAction("openApp"));
    this.refresh();
  }

  private image(state: TrayIconState): NativeImage {
    const template = this.platform === "darwin";
    const image = nativeImage.createFromBuffer(trayIconPng(state, 32, { template }), { scaleFactor: 2 });
    if (template) image.setTemplateImage(true);
    return image;
  }

  /** Coalesces bursts (a backfill emits an event per row) into one redraw a quarter second later. */
  scheduleRefresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = null;
      this.refresh();
    }, 250);
  }

  refresh(): void {
    const status = this.status();
    this.tray.setImage(this.image(trayIconState(status)));
    this.tray.setToolTip(trayTooltip(status));
    const template = trayMenu(status, Date.now()).map(
      (entry): MenuItemConstructorOptions =>
        entry.type === "separator"
          ? { type: "separator" }
          : {
              label: entry.label,
              enabled: entry.enabled,
              click: entry.action ? () => this.onAction(entry.action as TrayAction) : undefined,
            },
    );
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    if (this.pending) clearTimeout(this.pending);
    this.tray.destroy();
  }
}
