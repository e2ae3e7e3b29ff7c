// biome-ignore-all lint/suspicious/noTemplateCurlyInString: electron-builder expands its ${version}, ${os} and ${arch} macros itself.
import type { Configuration } from "electron-builder";
import { applyFuses } from "./packaging/fuses";

/** Where released builds and their `latest*.yml` feeds are served from; electron-updater reads the feed there. */
const UPDATES_URL = process.env.LINKSYNC_UPDATES_URL ?? "https://updates.linksync.app/desktop/${os}/${arch}";

/**
 * How the companion is packaged (`npm run package -w @linksync/desktop` after `npm run build`). electron-vite has
 * already bundled main (with the engine and electron-updater inside), the preload and the renderer into `out/`, so the
 * app ships no node_modules at all.
 */
const config: Configuration = {
  appId: "app.linksync.desktop",
  productName: "Linksync",
  copyright: "Copyright © Linksync",
  extraMetadata: { name: "linksync" },
  directories: { output: "release", buildResources: "packaging" },
  files: ["out/**/*", "!out/**/*.map", "package.json", "!node_modules{,/**/*}"],
  asar: true,
  npmRebuild: false,
  icon: "packaging/icons/icon.png",
  afterPack: applyFuses,
  mac: {
    target: ["dmg"],
    category: "public.app-category.productivity",
    hardenedRuntime: true,
    // A menu-bar utility: no Dock icon, no app menu (main also hides the Dock in case this is ever lost).
    extendInfo: { LSUIElement: true },
  },
  dmg: { title: "Linksync ${version}" },
  win: { target: ["nsis"] },
  nsis: { oneClick: true, perMachine: false, shortcutName: "Linksync", deleteAppDataOnUninstall: false },
  linux: {
    target: ["AppImage", "deb"],
    category: "Office",
    executableName: "linksync",
    maintainer: "Linksync <support@linksync.app>",
    synopsis: "Keeps a Notion links database and its short links in sync",
  },
  deb: { packageName: "linksync" },
  appImage: { artifactName: "Linksync-${version}-${arch}.AppImage" },
  publish: [{ provider: "generic", url: UPDATES_URL, channel: "latest" }],
};

export default config;
