import { deflateSync } from "node:zlib";
import type { TrayIconState } from "./tray-icon-state";

const COLOURS: Readonly<Record<TrayIconState, readonly [number, number, number]>> = {
  ok: [34, 160, 107],
  syncing: [59, 130, 246],
  attention: [234, 88, 12],
  offline: [120, 120, 128],
};

/**
 * The tray icon as a PNG: a filled dot in the state's colour with a white link ring, drawn in code so the four
 * states need no image files and stay crisp at any size (pass the display's pixel size).
 */
export function trayIconPng(state: TrayIconState, size = 32): Buffer {
  const [r, g, b] = COLOURS[state];
  const centre = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const ringOuter = outer * 0.55;
  const ringInner = outer * 0.32;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const alpha = Math.round(255 * Math.min(1, Math.max(0, outer - distance + 0.5)));
      const ring = distance <= ringOuter && distance >= ringInner;
      row.set(ring ? [255, 255, 255, alpha] : [r, g, b, alpha], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
