import type { AgentStatus } from "@linksync/core";
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import { trayIconPng } from "./tray/tray-icon-image";
import { trayIconState, trayTooltip } from "./tray/tray-icon-state";
import { type TrayAction, trayMenu } from "./tray/tray-menu";

/** Keeps the tray's icon, tooltip and menu in step with the agent's status. */
export class TrayController {
  private readonly tray: Tray;

  constructor(
    private readonly status: () => AgentStatus,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(nativeImage.createFromBuffer(trayIconPng("ok"), { scaleFactor: 2 }));
    this.refresh();
  }

  private pending: NodeJS.Timeout | null = null;

  /** Coalesces bursts (a backfill emits an event per row) into one redraw a quarter second later. */
  scheduleRefresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = null;
      this.refresh();
    }, 250);
  }

  refresh(): void {
    const status = this.status();
    this.tray.setImage(nativeImage.createFromBuffer(trayIconPng(trayIconState(status)), { scaleFactor: 2 }));
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
