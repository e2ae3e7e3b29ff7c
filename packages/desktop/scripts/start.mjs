// Launches the desktop app: fetches Electron's binary first where it can be downloaded (the root .npmrc skips
// install scripts, so a fresh checkout has only the npm package), then runs electron-vite. Without a binary it says
// so in two lines, and how to use the same UI in a browser, instead of the downloader's stack trace.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// Tests point this at a stand-in package to see what a machine without the binary shows.
const electronDir =
  process.env.LINKSYNC_ELECTRON_PACKAGE_DIR ?? dirname(require.resolve("electron/package.json"));
const dev = process.argv.includes("--dev");

if (!existsSync(join(electronDir, "path.txt"))) {
  const tty = process.stdout.isTTY;
  if (tty) process.stdout.write("Downloading the Electron binary (once)…");
  const install = spawnSync(process.execPath, [join(electronDir, "install.js")], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    timeout: 5 * 60_000,
  });
  if (tty) process.stdout.write("\r\x1b[K");
  if (install.status !== 0 || !existsSync(join(electronDir, "path.txt"))) {
    console.error(
      "Linksync's desktop app needs Electron, which could not be downloaded here (no internet access?).",
    );
    console.error("Run the same app in your browser instead: npm run demo");
    process.exit(1);
  }
}
const run = spawnSync("npx", ["electron-vite", dev ? "dev" : "preview"], { stdio: "inherit" });
process.exit(run.status ?? 1);
