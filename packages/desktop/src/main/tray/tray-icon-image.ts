import { encodePng, type Rgba } from "./png";
import type { TrayIconState } from "./tray-icon-state";

const COLOURS: Readonly<Record<TrayIconState, readonly [number, number, number]>> = {
  ok: [21, 128, 61],
  syncing: [29, 78, 216],
  attention: [194, 65, 12],
  offline: [82, 82, 91],
};

/** How much of a pixel a shape covers: `ink` is the glyph's body, `cut` the lines drawn out of it. */
interface Coverage {
  readonly ink: number;
  readonly cut: number;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
/** Anti-aliased coverage of a disc of radius `r` at distance `d` from its centre. */
const disc = (d: number, r: number) => clamp(r - d + 0.5);
const ring = (d: number, outer: number, inner: number) => clamp(disc(d, outer) - disc(d, inner));

/**
 * Each state is its own shape, so the icon reads without colour (and as a macOS template image, which is one
 * colour): ok is a solid disc with a link ring, syncing an open ring of two arcs, attention a disc with "!", offline
 * a thin circle struck through.
 */
function coverage(state: TrayIconState, u: number, v: number, half: number): Coverage {
  // u, v: the pixel's centre in a unit square centred on 0 (−1…1); lengths below are in pixels (× half).
  const d = Math.hypot(u, v) * half;
  const at = (fraction: number) => fraction * half;
  switch (state) {
    case "ok":
      return { ink: disc(d, at(0.97)), cut: ring(d, at(0.53), at(0.31)) };
    case "syncing": {
      const gap = Math.abs(u) < 0.22 ? 0 : 1;
      return { ink: ring(d, at(0.97), at(0.66)) * gap, cut: 0 };
    }
    case "attention": {
      const bar = Math.abs(u) < 0.14 && v > -0.62 && v < 0.18 ? 1 : 0;
      const dot = disc(Math.hypot(u, v - 0.48) * half, at(0.15));
      return { ink: disc(d, at(0.97)), cut: Math.max(bar, dot) };
    }
    case "offline": {
      const slash = Math.abs(u - v) / Math.SQRT2 < 0.09 && d < at(0.95) ? 1 : 0;
      return { ink: Math.max(ring(d, at(0.97), at(0.78)), slash), cut: 0 };
    }
  }
}

/**
 * The tray icon as a PNG of `size` pixels (pass the display's pixel size). In colour for Windows and Linux; as a
 * template (black and alpha only, `template: true`) for the macOS menu bar, which tints it for light and dark.
 */
export function trayIconPng(state: TrayIconState, size = 32, options: { template?: boolean } = {}): Buffer {
  const [red, green, blue] = COLOURS[state];
  return encodePng(size, (x, y): Rgba => {
    const u = ((x + 0.5) / size) * 2 - 1;
    const v = ((y + 0.5) / size) * 2 - 1;
    const { ink, cut } = coverage(state, u, v, size / 2);
    if (options.template) return [0, 0, 0, Math.round(255 * clamp(ink - cut))];
    if (cut > 0 && ink > 0) {
      const mix = (channel: number) => Math.round(channel + (255 - channel) * cut);
      return [mix(red), mix(green), mix(blue), Math.round(255 * ink)];
    }
    return [red, green, blue, Math.round(255 * ink)];
  });
}
