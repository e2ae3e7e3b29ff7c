import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PRODUCT_NAME } from "../shared/app-identity";
import { HIDDEN_FLAG } from "./launch-options";

/** What `app.setLoginItemSettings` is given on macOS and Windows: start at login, in the tray, without a window. */
export function loginItemSettings(platform: NodeJS.Platform, openAtLogin: boolean) {
  if (platform === "darwin") return { openAtLogin, openAsHidden: true };
  return { openAtLogin, args: [HIDDEN_FLAG] };
}

/** The XDG autostart entry Linux desktops read at login (Electron has no login items there). */
export function linuxAutostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, "\\$1")}"`;
  return [
    "[Desktop Entry]",
    "Type=Application",
    `Name=${PRODUCT_NAME}`,
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    "X-GNOME-Autostart-enabled=true",
    "NoDisplay=true",
    "",
  ].join("\n");
}

export const autostartFile = (configHome: string): string =>
  join(configHome, "autostart", "linksync.desktop");

/** Writes or removes the Linux autostart entry. */
export function applyLinuxAutostart(configHome: string, executable: string, enabled: boolean): void {
  const file = autostartFile(configHome);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(join(configHome, "autostart"), { recursive: true });
  writeFileSync(file, linuxAutostartEntry(executable), { mode: 0o644 });
}
