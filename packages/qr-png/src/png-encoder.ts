import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Encodes a black-and-white image as a 1-bit grayscale PNG. `rows` holds one packed scanline per row (`width / 8`
 * bytes, most significant bit first, 1 = white), as the PNG format stores them. A 1024×1024 QR is 128 KiB of raw
 * scanlines this way, against 4 MiB of RGBA, which is what makes drawing one cost milliseconds.
 */
export function encodeMonochromePng(width: number, rows: readonly Uint8Array[]): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * rows.length);
  rows.forEach((row, y) => {
    // Each scanline starts with its filter type; 0 (none) compresses these runs well enough.
    raw.set(row.subarray(0, rowBytes), y * (rowBytes + 1) + 1);
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: grayscale
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const framed = Buffer.alloc(8 + typeAndData.length);
  framed.writeUInt32BE(data.length, 0);
  typeAndData.copy(framed, 4);
  framed.writeUInt32BE(crc32(typeAndData), 4 + typeAndData.length);
  return framed;
}
