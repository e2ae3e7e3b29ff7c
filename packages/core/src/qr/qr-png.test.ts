import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { QR_SIZE_PX, qrFileName, renderQrPng } from "./qr-png";

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

describe("renderQrPng", () => {
  it("draws a 1024×1024 PNG that scans back to the Short URL", async () => {
    const png = await renderQrPng("https://go.acme.com/x7Kp2");
    expect(pngDimensions(png)).toEqual({ width: 1024, height: 1024 });
    expect(decode(png)).toBe("https://go.acme.com/x7Kp2");
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
  });

  it("refuses input that is not an http(s) URL", async () => {
    await expect(renderQrPng("javascript:alert(1)")).rejects.toMatchObject({ code: "qr_input_invalid" });
    await expect(renderQrPng("")).rejects.toMatchObject({ code: "qr_input_invalid" });
    await expect(renderQrPng(`https://x.example/${"a".repeat(3000)}`)).rejects.toMatchObject({
      code: "qr_input_invalid",
    });
  });
});

describe("qrFileName", () => {
  it("is stable per Short URL and changes with it", () => {
    expect(qrFileName("https://go.acme.com/x7Kp2")).toMatch(/^qr-[0-9a-f]{12}\.png$/);
    expect(qrFileName("https://go.acme.com/x7Kp2")).toBe(qrFileName("https://go.acme.com/x7Kp2"));
    expect(qrFileName("https://go.acme.com/x7Kp3")).not.toBe(qrFileName("https://go.acme.com/x7Kp2"));
  });
});
