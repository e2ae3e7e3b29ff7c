/** The app's identity, declared once for the packager (electron-builder.ts) and the main process. */
export const PRODUCT_NAME = "Linksync";
/** Also the Windows AppUserModelId, so notifications and the taskbar group under Linksync. */
export const APP_ID = "app.linksync.desktop";
