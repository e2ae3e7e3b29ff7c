import { crc32, inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { QR_QUIET_ZONE_MODULES, QR_SIZE_PX, renderQrPng } from "./qr-png";

/** Width and height from the PNG's IHDR chunk, read from the bytes rather than trusted from options. */
function pngDimensions(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function decode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

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
  it("draws a 1024×1024 PNG that scans back to the Short URL", async () => {
    const png = await renderQrPng("https://go.acme.com/x7Kp2");
    expect(pngDimensions(png)).toEqual({ width: 1024, height: 1024 });
    expect(decode(png)).toBe("https://go.acme.com/x7Kp2");
  });

  it("draws a 1024×1024 black-and-white PNG whose modules are the QR code of the text", async () => {
    const text = "https://go.acme.com/x7Kp2aB";
    const png = decodePng(await renderQrPng(text));
    expect(png).toMatchObject({ width: QR_SIZE_PX, height: QR_SIZE_PX, bitDepth: 1, colorType: 0 });

    const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
    const perSide = modules.size + 2 * QR_QUIET_ZONE_MODULES;
    const dark = (px: number, py: number) => ((png.rows[py]![px >> 3]! >> (7 - (px & 7))) & 1) === 0;
    const centre = (module: number) =>
      Math.floor(((module + QR_QUIET_ZONE_MODULES + 0.5) * QR_SIZE_PX) / perSide);
    for (let y = -QR_QUIET_ZONE_MODULES; y < modules.size + QR_QUIET_ZONE_MODULES; y++) {
      for (let x = -QR_QUIET_ZONE_MODULES; x < modules.size + QR_QUIET_ZONE_MODULES; x++) {
        const inSymbol = x >= 0 && y >= 0 && x < modules.size && y < modules.size;
        expect(dark(centre(x), centre(y))).toBe(inSymbol && modules.get(y, x) === 1);
      }
    }
  });

  it("is exactly 1024 px for every symbol size, including those where the default quiet zone rounds to 1023", async () => {
    // Version 6 (41 modules) at level M is one of the sizes the qrcode package's own PNG renderer draws at 1023 px.
    const url = `https://go.acme.com/${"a".repeat(70)}`;
    expect(QRCode.create(url, { errorCorrectionLevel: "M" }).modules.size).toBe(41);
    const png = await renderQrPng(url);
    expect(pngDimensions(png)).toEqual({ width: QR_SIZE_PX, height: QR_SIZE_PX });
    expect(decode(png)).toBe(url);
    for (const length of [1, 30, 120, 300, 600]) {
      const long = `https://l.example/${"b".repeat(length)}`;
      const sized = await renderQrPng(long);
      expect(pngDimensions(sized)).toEqual({ width: QR_SIZE_PX, height: QR_SIZE_PX });
      if (length <= 120) expect(decode(sized)).toBe(long);
    }
  });

  it("is deterministic: the same URL yields the same bytes, another URL other bytes", async () => {
    const a = await renderQrPng("https://go.acme.com/x7Kp2");
    expect((await renderQrPng("https://go.acme.com/x7Kp2")).equals(a)).toBe(true);
    expect((await renderQrPng("https://go.acme.com/x7Kp3")).equals(a)).toBe(false);
    const b = await renderQrPng("https://go.acme.com/a");
    expect((await renderQrPng("https://go.acme.com/a")).equals(b)).toBe(true);
    expect((await renderQrPng("https://go.acme.com/b")).equals(b)).toBe(false);
  });

  it("refuses input that is not an http(s) URL", async () => {
    await expect(renderQrPng("javascript:alert(1)")).rejects.toMatchObject({ code: "qr_input_invalid" });
    await expect(renderQrPng("")).rejects.toMatchObject({ code: "qr_input_invalid" });
    await expect(renderQrPng(`https://x.example/${"a".repeat(3000)}`)).rejects.toMatchObject({
      code: "qr_input_invalid",
    });
  });
});
