import { existsSync } from "node:fs";
import { join } from "node:path";
import { RENDERER_OUT_DIR } from "../../renderer-paths";

let building: Promise<void> | null = null;

/** Builds the renderer once when `out/renderer` is missing, so `linksync ui` works from a fresh checkout. */
export async function ensureRendererBuilt(): Promise<string> {
  if (!existsSync(join(RENDERER_OUT_DIR, "index.html"))) {
    building ??= Promise.all([import("vite"), import("../../vite.renderer")])
      .then(([{ build }, { rendererViteConfig }]) => build({ configFile: false, ...rendererViteConfig() }))
      .then(
        () => {},
        (error: unknown) => {
          building = null;
          throw error;
        },
      );
    await building;
  }
  return RENDERER_OUT_DIR;
}
