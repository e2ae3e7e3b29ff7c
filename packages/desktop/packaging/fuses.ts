import { join } from "node:path";
import { type FuseV1Config, FuseV1Options, FuseVersion, flipFuses } from "@electron/fuses";
import { Arch } from "electron-builder";

/**
 * The Electron fuses of a packaged Linksync, set once in the binary before it is signed: no running the app as a
 * plain Node.js (`ELECTRON_RUN_AS_NODE`), no NODE_OPTIONS or --inspect to inject code, cookies encrypted at rest,
 * the app loaded only from its ASAR archive and that archive checked against the hash the packager embedded, and no
 * extra privileges for file:// (pages load from app://).
 */
export const LINKSYNC_FUSES: FuseV1Config = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** What the hook reads of electron-builder's `AfterPackContext`. */
export interface PackedApp {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: Arch;
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    readonly executableName?: string;
  };
}

/** The binary that carries the fuse wire: the .app bundle, the .exe, or the Linux executable. */
export function packedExecutable(app: PackedApp): string {
  const name = app.packager.appInfo.productFilename;
  if (app.electronPlatformName === "darwin" || app.electronPlatformName === "mas") {
    return join(app.appOutDir, `${name}.app`);
  }
  if (app.electronPlatformName === "win32") return join(app.appOutDir, `${name}.exe`);
  return join(app.appOutDir, app.packager.executableName ?? name.toLowerCase());
}

/** electron-builder's afterPack hook: runs after the app is packed and before it is signed. */
export async function applyFuses(app: PackedApp): Promise<void> {
  const darwin = app.electronPlatformName === "darwin" || app.electronPlatformName === "mas";
  await flipFuses(packedExecutable(app), {
    ...LINKSYNC_FUSES,
    // Flipping a fuse breaks the ad-hoc signature an arm64 macOS binary needs to start at all.
    resetAdHocDarwinSignature: darwin && app.arch === Arch.arm64,
  });
}
