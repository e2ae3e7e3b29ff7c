import { LinksyncError } from "@linksync/link-contract";
import QRCode from "qrcode";
import { encodeMonochromePng } from "./png-encoder";

/** The size the sync contract asks for (the QR column of the Notion database, and the shortener's `/{slug}.png`). */
export const QR_SIZE_PX = 1024;

/** The standard quiet zone around the symbol, in modules. */
export const QR_QUIET_ZONE_MODULES = 4;

/** Comfortably inside what a version 40 symbol holds at level M, and longer than any short URL. */
const MAX_TEXT_LENGTH = 2048;

export type QrErrorCode = "qr_input_invalid";

export class QrError extends LinksyncError<QrErrorCode> {
  override readonly name = "QrError";
}

/**
 * A short URL's QR code: a 1024×1024 PNG encoding `shortUrl`, black on white with a 4-module quiet zone, error
 * correction M (survives print smudges). Deterministic: the same URL always yields the same bytes, so an unchanged
 * Short URL never causes a re-upload to Notion, and the shortener's `/{slug}.png` can be cached.
 *
 * The `qrcode` package builds the symbol; the pixels are drawn here as a 1-bit PNG because its own PNG renderer
 * (RGBA through pngjs) takes about 130 ms per image on this machine, which a backfill of thousands of rows would feel
 * and which would stall every redirect queued behind it in the shortener, and rounds some symbol sizes to 1023 px.
 */
export async function renderQrPng(shortUrl: string): Promise<Buffer> {
  if (!/^https?:\/\/\S+$/.test(shortUrl) || shortUrl.length > MAX_TEXT_LENGTH) {
    throw new QrError(
      "qr_input_invalid",
      `Cannot draw a QR code for "${shortUrl.slice(0, 80)}": a Short URL must be an absolute http(s) URL of at most ${MAX_TEXT_LENGTH} characters.`,
    );
  }
  const { modules } = QRCode.create(shortUrl, { errorCorrectionLevel: "M" });
  return encodeMonochromePng(QR_SIZE_PX, rasterize(modules));
}

interface ModuleMatrix {
  readonly size: number;
  get(row: number, column: number): number | boolean;
}

/**
 * Packed 1-bit scanlines (1 = white). Pixel p shows module floor(p · span / 1024) − quiet zone, in integers, so every
 * symbol size fills exactly 1024 px; modules differ by at most one pixel in width.
 */
function rasterize(modules: ModuleMatrix): Uint8Array[] {
  const span = modules.size + 2 * QR_QUIET_ZONE_MODULES;
  const moduleAt = Array.from(
    { length: QR_SIZE_PX },
    (_, p) => Math.floor((p * span) / QR_SIZE_PX) - QR_QUIET_ZONE_MODULES,
  );
  const isDark = (row: number, column: number) =>
    row >= 0 &&
    row < modules.size &&
    column >= 0 &&
    column < modules.size &&
    Boolean(modules.get(row, column));
  // Pixel rows over the same module row are identical: draw each module row once.
  const lines = new Map<number, Uint8Array>();
  return moduleAt.map((row) => {
    const cached = lines.get(row);
    if (cached) return cached;
    const line = new Uint8Array(QR_SIZE_PX / 8);
    moduleAt.forEach((column, x) => {
      if (!isDark(row, column)) line[x >> 3]! |= 0x80 >> (x & 7);
    });
    lines.set(row, line);
    return line;
  });
}
