import { join } from "node:path";
import { AUDIT_FILE_NAME, systemClock } from "@linksync/core";
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, safeStorage, session } from "electron";
import { auditFileReader } from "../host/activity/audit-file-reader";
import { createCompanionApi } from "../host/companion-api";
import { isTrustedSenderUrl } from "../host/security/trusted-sender";
import { SETTINGS_FILE_NAME, SettingsStore } from "../host/settings/settings-store";
import { safeStorageCipher } from "../host/vault/secret-cipher";
import { TokenVault } from "../host/vault/token-vault";
import { APP_ID } from "../shared/app-identity";
import type { CompanionSettings } from "../shared/contract";
import { openAgent, vaultPath } from "./agent-host";
import { registerAppScheme, serveApp } from "./app-protocol";
import { forwardEvents, registerIpcBridge } from "./ipc-bridge";
import { launchOptions } from "./launch-options";
import { applyLinuxAutostart, loginItemSettings } from "./login-item";
import { noticeOf } from "./notifications/notice";
import { NotificationThrottle } from "./notifications/notification-throttle";
import { createMainWindow, hardenApp } from "./secure-window";
import type { TrayAction } from "./tray/tray-menu";
import { TrayController } from "./tray-controller";
import { keepUpToDate } from "./updates";

// Electron glue only: every decision lives in the plain modules imported above.

// Set at build time from LINKSYNC_SERVER_URL (electron.vite.config.ts); empty when the build names no server.
declare const __LINKSYNC_SERVER_URL__: string;

const launch = launchOptions({
  env: process.env,
  argv: process.argv,
  packaged: app.isPackaged,
  buildServerUrl: __LINKSYNC_SERVER_URL__,
  openedAtLogin: process.platform === "darwin" && app.getLoginItemSettings().wasOpenedAtLogin,
});
const { rendererUrl } = launch;
const rendererRoot = join(import.meta.dirname, "../renderer");
const preloadPath = join(import.meta.dirname, "../preload/index.cjs");

registerAppScheme(protocol);
if (process.platform === "win32") app.setAppUserModelId(APP_ID);
if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start).catch(failToStart);

async function start(): Promise<void> {
  // A tray utility: no Dock icon on macOS (LSUIElement says the same in the packaged Info.plist).
  app.dock?.hide();
  hardenApp(session.defaultSession);
  serveApp(protocol, rendererRoot);
  const dataDir = join(app.getPath("userData"), "engine");
  const cipher = safeStorageCipher(safeStorage, process.platform);
  const vault = new TokenVault({ file: vaultPath(dataDir), cipher, confirmWeakStorage });
  const agent = await openAgent(dataDir, vault);
  const settings = new SettingsStore(join(dataDir, SETTINGS_FILE_NAME));
  const api = createCompanionApi(agent, {
    info: {
      shell: "electron",
      canLaunchAtLogin: true,
      notionBaseUrl: launch.notionBaseUrl,
      defaultProvider: null,
      secretStorage: cipher.info,
    },
    settings,
    audit: auditFileReader(join(dataDir, AUDIT_FILE_NAME)),
    defaultProvider: null,
    secrets: vault,
    ...(launch.serverUrl ? { serverUrl: launch.serverUrl } : {}),
    onSettingsChanged: applyLaunchAtLogin,
  });

  let window: BrowserWindow | null = null;
  const showWindow = (hash = ""): void => {
    if (!window || window.isDestroyed()) {
      window = createMainWindow(preloadPath, rendererUrl + hash);
      window.on("closed", () => {
        window = null;
      });
    } else {
      if (hash) void window.loadURL(rendererUrl + hash);
      window.show();
      window.focus();
    }
  };

  registerIpcBridge(ipcMain, api, (url) => isTrustedSenderUrl(url, rendererUrl));
  forwardEvents(agent.events, () => window?.webContents ?? null);

  const tray = new TrayController(
    () => agent.status(),
    (action: TrayAction) => runTrayAction(action),
  );
  const runTrayAction = (action: TrayAction): void => {
    const databases = agent.status().databases;
    const all = (fn: (id: string) => Promise<void>) =>
      Promise.all(databases.map((database) => fn(database.id))).catch(reportFailure);
    if (action === "syncNow") void agent.syncNow().catch(reportFailure);
    else if (action === "pauseAll") void all((id) => agent.pause(id));
    else if (action === "resumeAll") void all((id) => agent.resume(id));
    else if (action === "openInbox") showWindow("#/inbox");
    else if (action === "openApp") showWindow();
    else app.quit();
  };
  agent.events.onAny(() => tray.scheduleRefresh());
  setInterval(() => tray.refresh(), 30_000).unref();

  const throttle = new NotificationThrottle({
    clock: systemClock,
    enabled: () => settings.get().notifications && Notification.isSupported(),
    show: (notice) => {
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on("click", () => showWindow(notice.kind === "conflict" ? "#/inbox" : ""));
      notification.show();
    },
  });
  agent.events.onAny((event) => {
    const notice = noticeOf(event);
    if (notice) throttle.push(notice);
  });

  app.on("second-instance", () => showWindow());
  app.on("activate", () => showWindow());
  // A tray utility keeps running with its window closed.
  app.on("window-all-closed", () => {});
  app.on("before-quit", () => {
    tray.destroy();
    void agent.stop();
  });
  await agent.start();
  if (app.isPackaged) keepUpToDate(reportFailure);
  if (BrowserWindow.getAllWindows().length === 0 && !launch.startHidden) showWindow();
}

/** Launch at login, hidden in the tray, on every system: login items on macOS and Windows, XDG autostart on Linux. */
function applyLaunchAtLogin({ launchAtLogin }: CompanionSettings): void {
  if (process.platform === "linux") {
    const configHome = process.env.XDG_CONFIG_HOME || join(app.getPath("home"), ".config");
    // An AppImage runs from a temporary mount; APPIMAGE is the file the user keeps.
    applyLinuxAutostart(configHome, process.env.APPIMAGE ?? process.execPath, launchAtLogin);
  } else {
    app.setLoginItemSettings(loginItemSettings(process.platform, launchAtLogin));
  }
}

/** Asked once, before the first secret is stored without a keyring (Linux `basic_text`). */
async function confirmWeakStorage(warning: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: "warning",
    title: "No keyring found",
    message: "Store Linksync's secrets without a system keyring?",
    detail: warning,
    buttons: ["Store anyway", "Cancel"],
    defaultId: 1,
    cancelId: 1,
  });
  return response === 0;
}

function reportFailure(error: unknown): void {
  console.error("Linksync:", error instanceof Error ? error.message : error);
}

function failToStart(error: unknown): void {
  dialog.showErrorBox("Linksync could not start", error instanceof Error ? error.message : String(error));
  app.quit();
}
