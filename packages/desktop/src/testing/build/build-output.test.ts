import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../../renderer-paths";

const out = join(PACKAGE_ROOT, "out");
const read = (path: string) => readFileSync(join(out, path), "utf8");

describe("electron-vite build output", () => {
  it("bundles main as an ES module that loads electron and carries the engine inside", () => {
    const main = read("main/index.js");
    expect(main).toMatch(/from "electron"/);
    // Workspace packages export TypeScript source, which Electron cannot load at run time.
    expect(main).not.toMatch(/from "@linksync\//);
    // The packaged app ships no node_modules: the updater is inside too.
    expect(main).not.toMatch(/from "electron-updater"|require\("electron-updater"\)/);
  });

  it("loads its pages from app://linksync, not file://", () => {
    const main = read("main/index.js");
    expect(main).toMatch(/registerSchemesAsPrivileged/);
    expect(main).toContain("linksync/index.html");
    expect(main).not.toMatch(/pathToFileURL\([^)]*renderer/);
  });

  it("bundles the preload as one CommonJS file that exposes only the checked bridge", () => {
    const preload = read("preload/index.cjs");
    expect(preload).toMatch(/require\("electron"\)/);
    expect(preload).not.toMatch(/^import /m);
    expect(preload).toMatch(/exposeInMainWorld\("linksyncIpc"/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
  });

  it("builds the renderer with a strict Content-Security-Policy and relative asset paths", () => {
    const html = read("renderer/index.html");
    expect(html).toMatch(/Content-Security-Policy/);
    expect(html).toMatch(/script-src 'self'/);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).toMatch(/src="\.\/assets\/index-[\w-]+\.js"/);
    expect(readdirSync(join(out, "renderer/assets")).some((file) => file.endsWith(".css"))).toBe(true);
  });
});
