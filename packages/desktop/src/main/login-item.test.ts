import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyLinuxAutostart, autostartFile, linuxAutostartEntry, loginItemSettings } from "./login-item";

describe("launch at login, hidden in the tray", () => {
  it("asks macOS to open hidden and Windows to pass --hidden", () => {
    expect(loginItemSettings("darwin", true)).toEqual({ openAtLogin: true, openAsHidden: true });
    expect(loginItemSettings("win32", true)).toEqual({ openAtLogin: true, args: ["--hidden"] });
    expect(loginItemSettings("win32", false)).toEqual({ openAtLogin: false, args: ["--hidden"] });
  });

  it("writes and removes an XDG autostart entry on Linux that starts hidden", () => {
    const configHome = mkdtempSync(join(tmpdir(), "linksync-xdg-"));
    applyLinuxAutostart(configHome, "/opt/Linksync/linksync", true);
    expect(readFileSync(autostartFile(configHome), "utf8")).toContain(
      'Exec="/opt/Linksync/linksync" --hidden',
    );
    applyLinuxAutostart(configHome, "/opt/Linksync/linksync", false);
    expect(existsSync(autostartFile(configHome))).toBe(false);
  });

  it("quotes an executable path with spaces and shell characters", () => {
    expect(linuxAutostartEntry('/home/a b/Link"sync$.AppImage')).toContain(
      'Exec="/home/a b/Link\\"sync\\$.AppImage" --hidden',
    );
  });
});
