import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { trayIconPng } from "./tray-icon-image";

function centrePixel(png: Buffer, size: number): number[] {
  const idat = png.indexOf("IDAT");
  const length = png.readUInt32BE(idat - 4);
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
  const offset = Math.floor(size / 2) * (1 + size * 4) + 1 + 1 * 4;
  return [...raw.subarray(offset, offset + 4)];
}

describe("tray icon image", () => {
  it("is a valid PNG of the asked size", () => {
    const png = trayIconPng("ok", 32);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(32);
    expect(png.readUInt32BE(20)).toBe(32);
  });
  it("has a different colour for each state", () => {
    const colours = (["ok", "syncing", "attention", "offline"] as const).map((state) =>
      centrePixel(trayIconPng(state, 32), 32).join(","),
    );
    expect(new Set(colours).size).toBe(4);
  });
});
