import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import { PACKAGE_ROOT } from "./renderer-paths";
import { rendererViteConfig } from "./vite.renderer";

// Workspace packages export TypeScript source, so they are bundled into main rather than required at run time.
const bundleWorkspace = { exclude: ["@linksync/core"] };

export default defineConfig({
  main: {
    build: {
      externalizeDeps: bundleWorkspace,
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
