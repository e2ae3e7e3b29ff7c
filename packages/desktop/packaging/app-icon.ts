import { encodePng, type Rgba } from "../src/main/tray/png";

const ACCENT: readonly [number, number, number] = [67, 56, 202];

/**
 * The application icon (installer, Dock, taskbar, .desktop entry): a rounded square with Linksync's two-ring link
 * mark, drawn in code like the tray icons. electron-builder derives .icns and .ico from this 1024 px PNG.
 */
export function appIconPng(size = 1024): Buffer {
  const half = size / 2;
  const corner = size * 0.22;
  const inset = size * 0.06;
  return encodePng(size, (x, y): Rgba => {
    const px = x + 0.5;
    const py = y + 0.5;
    // Distance outside the rounded square (negative inside), for an anti-aliased edge.
    const qx = Math.max(Math.abs(px - half) - (half - inset - corner), 0);
    const qy = Math.max(Math.abs(py - half) - (half - inset - corner), 0);
    const outside = Math.hypot(qx, qy) - corner;
    const alpha = Math.min(1, Math.max(0, 0.5 - outside));
    const ring = (cx: number) => {
      const d = Math.hypot(px - cx, py - half);
      return Math.min(1, Math.max(0, Math.min(size * 0.2 - d, d - size * 0.12) + 0.5));
    };
    const white = Math.max(ring(half - size * 0.12), ring(half + size * 0.12));
    const mix = (channel: number) => Math.round(channel + (255 - channel) * white);
    return [mix(ACCENT[0]), mix(ACCENT[1]), mix(ACCENT[2]), Math.round(255 * alpha)];
  });
}
