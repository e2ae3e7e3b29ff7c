import electronUpdater from "electron-updater";

const CHECK_EVERY_MS = 6 * 60 * 60_000;

/**
 * Installed builds check the feed named in electron-builder.ts's `publish` at start and every six hours, download in
 * the background and install on quit (electron-updater shows the system notification). Never in development.
 */
export function keepUpToDate(report: (error: unknown) => void): void {
  const { autoUpdater } = electronUpdater;
  const check = () => void autoUpdater.checkForUpdatesAndNotify().catch(report);
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
