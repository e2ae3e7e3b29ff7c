import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FuseState, FuseV1Options, getCurrentFuseWire } from "@electron/fuses";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config";
import { DebugLogger } from "builder-util";
import { Arch } from "electron-builder";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../renderer-paths";
import { APP_ID, PRODUCT_NAME } from "../src/shared/app-identity";
import { applyFuses, LINKSYNC_FUSES, packedExecutable } from "./fuses";

/** A stand-in for an Electron binary: filler around the fuse sentinel and a V1 wire of nine fuses as Electron ships. */
function fakeElectronBinary(dir: string, name: string): string {
  const wire = Buffer.from([1, 9, ...Buffer.from("101001000")]);
  const file = join(dir, name);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from("dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX"),
      wire,
      Buffer.alloc(512),
    ]),
  );
  return file;
}

describe("packaging (electron-builder, without downloading Electron)", () => {
  it("loads electron-builder.ts as electron-builder does and passes its own configuration validation", async () => {
    const config = await getConfig(PACKAGE_ROOT, join(PACKAGE_ROOT, "electron-builder.ts"), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.appId).toBe(APP_ID);
    expect(config.linux?.target).toEqual(["AppImage", "deb"]);
    expect(config.mac?.target).toEqual(["dmg"]);
    expect(config.win?.target).toEqual(["nsis"]);
    expect(config.publish).toEqual([expect.objectContaining({ provider: "generic" })]);
    // electron-builder loads the file through jiti, so the hook is its own copy of applyFuses.
    expect(typeof config.afterPack === "function" && config.afterPack.name).toBe("applyFuses");
  });

  it("refuses a broken configuration, so the check above means something", async () => {
    const config = await getConfig(PACKAGE_ROOT, join(PACKAGE_ROOT, "electron-builder.ts"), null);
    const broken = { ...config, linux: { ...config.linux, targett: "AppImage" } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /configuration\.linux/,
    );
  });

  it("flips the fuses in the packed binary: no RunAsNode, cookies encrypted, ASAR only and checked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "linksync-fuses-"));
    const app = {
      appOutDir: dir,
      electronPlatformName: "linux",
      arch: Arch.x64,
      packager: { appInfo: { productFilename: PRODUCT_NAME }, executableName: "linksync" },
    };
    expect(packedExecutable(app)).toBe(fakeElectronBinary(dir, "linksync"));
    await applyFuses(app);
    const wire = await getCurrentFuseWire(packedExecutable(app));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(Object.keys(LINKSYNC_FUSES)).toHaveLength(8);
  });

  it("finds the binary to fuse on each system", () => {
    const packager = { appInfo: { productFilename: "Linksync" }, executableName: "linksync" };
    const at = (electronPlatformName: string) =>
      packedExecutable({ appOutDir: "/out", electronPlatformName, arch: Arch.x64, packager });
    expect(at("darwin")).toBe("/out/Linksync.app");
    expect(at("win32")).toBe("/out/Linksync.exe");
    expect(at("linux")).toBe("/out/linksync");
  });

  it("ships a 1024 px application icon", () => {
    const icon = readFileSync(join(PACKAGE_ROOT, "packaging/icons/icon.png"));
    expect(icon.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it("`npm run desktop` without an Electron binary says so in two lines and points to the browser", () => {
    const stand_in = mkdtempSync(join(tmpdir(), "linksync-no-electron-"));
    writeFileSync(
      join(stand_in, "install.js"),
      "console.error(new Error('getaddrinfo ENOTFOUND github.com').stack); process.exit(1);",
    );
    copyFileSync(join(PACKAGE_ROOT, "package.json"), join(stand_in, "package.json"));
    const run = spawnSync(process.execPath, [join(PACKAGE_ROOT, "scripts/start.mjs")], {
      env: { ...process.env, LINKSYNC_ELECTRON_PACKAGE_DIR: stand_in },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/needs Electron, which could not be downloaded/);
    expect(lines[1]).toMatch(/npm run demo/);
  });
});
