import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import type { UserConfig } from "vite";
import { RENDERER_OUT_DIR, RENDERER_ROOT } from "./renderer-paths";

/**
 * The renderer's build, declared once: electron-vite uses it for the app window and the headless UI builds the very
 * same bundle on demand when `out/renderer` is missing.
 */
export function rendererViteConfig(): UserConfig {
  return {
    root: RENDERER_ROOT,
    // Relative asset URLs: the same files load from file:// in Electron and from the headless server.
    base: "./",
    plugins: [react()],
    build: {
      outDir: RENDERER_OUT_DIR,
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: resolve(RENDERER_ROOT, "index.html") },
    },
    logLevel: "warn",
  };
}
