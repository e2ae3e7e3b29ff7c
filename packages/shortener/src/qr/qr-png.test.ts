import { crc32, inflateSync } from "node:zlib";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { QR_MARGIN_MODULES, QR_SIZE_PX, renderQrPng } from "./qr-png";

interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** Unfiltered rows (filter type 0 checked), one bit per pixel. */
  rows: Buffer[];
}

/** A minimal reader for the PNGs renderQrPng writes: checks the signature, every CRC, and the filter bytes. */
function decodePng(png: Buffer): DecodedPng {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    const type = typeAndData.subarray(0, 4).toString("latin1");
    if (type === "IHDR") header = typeAndData.subarray(4);
    if (type === "IDAT") idat.push(typeAndData.subarray(4));
    offset += 12 + length;
  }
  if (!header) throw new Error("no IHDR");
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = 1 + Math.ceil(width / 8);
  const rows = Array.from({ length: height }, (_, y) => {
    expect(raw[y * rowBytes]).toBe(0);
    return raw.subarray(y * rowBytes + 1, (y + 1) * rowBytes);
  });
  return { width, height, bitDepth: header[8]!, colorType: header[9]!, rows };
}

describe("renderQrPng", () => {
  it("draws a 1024×1024 black-and-white PNG whose modules are the QR code of the text", () => {
    const text = "https://go.acme.com/x7Kp2aB";
    const png = decodePng(renderQrPng(text));
    expect(png).toMatchObject({ width: QR_SIZE_PX, height: QR_SIZE_PX, bitDepth: 1, colorType: 0 });

    const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
    const perSide = modules.size + 2 * QR_MARGIN_MODULES;
    const dark = (px: number, py: number) => ((png.rows[py]![px >> 3]! >> (7 - (px & 7))) & 1) === 0;
    const centre = (module: number) =>
      Math.floor(((module + QR_MARGIN_MODULES + 0.5) * QR_SIZE_PX) / perSide);
    for (let y = -QR_MARGIN_MODULES; y < modules.size + QR_MARGIN_MODULES; y++) {
      for (let x = -QR_MARGIN_MODULES; x < modules.size + QR_MARGIN_MODULES; x++) {
        const inSymbol = x >= 0 && y >= 0 && x < modules.size && y < modules.size;
        expect(dark(centre(x), centre(y))).toBe(inSymbol && modules.get(y, x) === 1);
      }
    }
  });

  it("gives different images for different texts and the same image for the same text", () => {
    expect(renderQrPng("https://go.acme.com/a").equals(renderQrPng("https://go.acme.com/a"))).toBe(true);
    expect(renderQrPng("https://go.acme.com/a").equals(renderQrPng("https://go.acme.com/b"))).toBe(false);
  });
});
