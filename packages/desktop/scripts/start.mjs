// Launches the desktop app: fetches Electron's binary first where it can be downloaded (the root .npmrc skips
// install scripts, so a fresh checkout has only the npm package), then runs electron-vite.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve("electron/package.json"));
const dev = process.argv.includes("--dev");

if (!existsSync(join(electronDir, "path.txt"))) {
  console.log("Downloading the Electron binary (once)…");
  const install = spawnSync(process.execPath, [join(electronDir, "install.js")], { stdio: "inherit" });
  if (install.status !== 0) {
    console.error(
      "Electron could not be downloaded on this machine (no internet access?).\n" +
        "Run the companion in your browser instead: `npx tsx packages/cli/src/main.ts ui` from the repository root.",
    );
    process.exit(1);
  }
}
const run = spawnSync("npx", ["electron-vite", dev ? "dev" : "preview"], { stdio: "inherit" });
process.exit(run.status ?? 1);
