import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the renderer's source and build live. Kept apart from its Vite config: loading Vite and its React plugin
 * costs the headless companion about 150 MB, so it is imported only when a build is actually needed.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL(".", import.meta.url));
export const RENDERER_ROOT = resolve(PACKAGE_ROOT, "src/renderer");
export const RENDERER_OUT_DIR = resolve(PACKAGE_ROOT, "out/renderer");
