import type { AgentStatus } from "@linksync/core";
import { databaseLine } from "../../shared/database-state-label";

export type TrayAction = "syncNow" | "pauseAll" | "resumeAll" | "openInbox" | "openApp" | "quit";

export type TrayMenuItem =
  | {
      readonly type: "item";
      readonly label: string;
      readonly enabled: boolean;
      readonly action: TrayAction | null;
    }
  | { readonly type: "separator" };

const item = (label: string, action: TrayAction | null, enabled = true): TrayMenuItem => ({
  type: "item",
  label,
  enabled: enabled && action !== null,
  action,
});
const separator: TrayMenuItem = { type: "separator" };

/** The tray menu as data, from the agent's status alone. Pure: main turns it into an Electron menu. */
export function trayMenu(status: AgentStatus, now: number): TrayMenuItem[] {
  const databases = status.databases;
  const statusLines =
    databases.length === 0
      ? [item("No database connected yet", null)]
      : databases.map((database) => item(databaseLine(database, now), null));
  const paused = databases.filter((database) => database.state.kind === "paused");
  const unread = status.unreadConflicts;
  return [
    ...statusLines,
    separator,
    item("Sync now", "syncNow", databases.length > 0),
    paused.length === databases.length && databases.length > 0
      ? item("Resume all", "resumeAll")
      : item("Pause all", "pauseAll", databases.length > 0),
    separator,
    item(unread > 0 ? `Open inbox (${unread} unread)` : "Open inbox", "openInbox"),
    item("Open Linksync", "openApp"),
    separator,
    item("Quit Linksync", "quit"),
  ];
}
