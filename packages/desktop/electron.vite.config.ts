import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import { PACKAGE_ROOT } from "./renderer-paths";
import { rendererViteConfig } from "./vite.renderer";

// Workspace packages export TypeScript source, and the packaged app ships no node_modules: what main needs at run
// time is bundled into it.
const bundleRuntimeDeps = { exclude: ["@linksync/core", "electron-updater"] };

export default defineConfig({
  main: {
    // The default Linksync server of this build (sign-in broker and hosted shortener); empty means none.
    define: { __LINKSYNC_SERVER_URL__: JSON.stringify(process.env.LINKSYNC_SERVER_URL ?? "") },
    build: {
      externalizeDeps: bundleRuntimeDeps,
      rollupOptions: { input: resolve(PACKAGE_ROOT, "src/main/index.ts") },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load ES modules or other files: one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: resolve(PACKAGE_ROOT, "src/preload/index.ts"),
        external: ["electron"],
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: rendererViteConfig(),
});
