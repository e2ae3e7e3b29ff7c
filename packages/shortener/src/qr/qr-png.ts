import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";

/** The size the sync contract asks for (the QR column of the Notion database). */
export const QR_SIZE_PX = 1024;
/** Quiet zone around the symbol, in modules, as the QR standard asks. */
export const QR_MARGIN_MODULES = 4;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Draws the QR code of `text` as a 1024×1024 black-and-white PNG (1 bit per pixel). qrcode computes the symbol;
 * the PNG is written here because qrcode's own renderer takes over 100 ms per image, long enough to stall every
 * redirect queued behind it, while this takes a few milliseconds.
 */
export function renderQrPng(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const modulesPerSide = modules.size + 2 * QR_MARGIN_MODULES;
  const moduleAt = (pixel: number) => Math.floor((pixel * modulesPerSide) / QR_SIZE_PX) - QR_MARGIN_MODULES;
  const isDark = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < modules.size && y < modules.size && modules.get(y, x) === 1;

  const rowBytes = 1 + QR_SIZE_PX / 8;
  const raw = Buffer.alloc(rowBytes * QR_SIZE_PX);
  for (let py = 0; py < QR_SIZE_PX; py++) {
    const offset = py * rowBytes;
    const y = moduleAt(py);
    if (py > 0 && moduleAt(py - 1) === y) {
      raw.copy(raw, offset, offset - rowBytes, offset);
      continue;
    }
    // Filter byte 0, then pixels; in 1-bit greyscale a set bit is white.
    for (let px = 0; px < QR_SIZE_PX; px++) {
      if (!isDark(moduleAt(px), y)) raw[offset + 1 + (px >> 3)]! |= 0x80 >> (px & 7);
    }
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(QR_SIZE_PX, 0);
  header.writeUInt32BE(QR_SIZE_PX, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const framed = Buffer.alloc(typeAndData.length + 8);
  framed.writeUInt32BE(data.length, 0);
  typeAndData.copy(framed, 4);
  framed.writeUInt32BE(crc32(typeAndData), typeAndData.length + 4);
  return framed;
}

/** Keeps the images of recently asked short URLs; a short URL's text never changes while the service runs. */
export class QrImages {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly maxCached = 256) {}

  png(text: string): Buffer {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const rendered = renderQrPng(text);
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(text, rendered);
    return rendered;
  }
}
