import { app, BrowserWindow, type Session, shell } from "electron";
import { isAllowedExternalUrl } from "../host/security/external-url";

/**
 * Every window and web contents of the app: no Node in pages, isolated and sandboxed preload, no navigation away
 * from our page, no new windows (web links go to the system browser), no permissions, no webviews.
 */
export function hardenApp(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-navigate", (event) => event.preventDefault());
    contents.on("will-redirect", (event) => event.preventDefault());
    contents.on("will-attach-webview", (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) {
        shell
          .openExternal(url)
          .catch((error: unknown) => console.error("Linksync could not open a link", error));
      }
      return { action: "deny" };
    });
  });
}

export function createMainWindow(preloadPath: string, rendererUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1040,
    height: 720,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: "Linksync",
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once("ready-to-show", () => window.show());
  void window.loadURL(rendererUrl);
  return window;
}
