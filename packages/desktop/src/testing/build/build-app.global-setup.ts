import { spawnSync } from "node:child_process";
import { PACKAGE_ROOT } from "../../../renderer-paths";

/**
 * `electron-vite build` once before the package's tests: the build smoke check (it needs no Electron binary), and
 * the renderer bundle that the headless server and the browser tests serve.
 */
export default function setup(): void {
  const build = spawnSync("npx", ["electron-vite", "build"], { cwd: PACKAGE_ROOT, encoding: "utf8" });
  if (build.status !== 0) {
    throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
}
