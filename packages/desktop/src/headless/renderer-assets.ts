import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { RENDERER_OUT_DIR } from "../../renderer-paths";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

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

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Reads a file of the built renderer; `null` for anything outside it or missing. */
export async function readAsset(root: string, urlPath: string): Promise<Asset | null> {
  const relative = urlPath === "/" ? "index.html" : decodeURIComponent(urlPath).replace(/^\/+/, "");
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep)) return null;
  const contentType = CONTENT_TYPES[extname(file)];
  if (!contentType) return null;
  try {
    return { body: await readFile(file), contentType };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
