import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { trayIconPng } from "./tray-icon-image";
import type { TrayIconState } from "./tray-icon-state";

const STATES: readonly TrayIconState[] = ["ok", "syncing", "attention", "offline"];

/** The PNG's pixels as RGBA rows (our encoder writes filter 0 on every row). */
function pixels(png: Buffer, size: number): Buffer[] {
  const idat = png.indexOf("IDAT");
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  return Array.from({ length: size }, (_, y) =>
    raw.subarray(y * (1 + size * 4) + 1, (y + 1) * (1 + size * 4)),
  );
}

/** Which pixels are drawn at all: the shape, whatever the colour. */
function silhouette(png: Buffer, size: number): string {
  return pixels(png, size)
    .map((row) => Array.from({ length: size }, (_, x) => ((row[x * 4 + 3] ?? 0) > 127 ? "#" : ".")).join(""))
    .join("\n");
}

describe("tray icon image", () => {
  it("is a valid PNG of the asked size", () => {
    const png = trayIconPng("ok", 32);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(32);
    expect(png.readUInt32BE(20)).toBe(32);
  });

  it("draws each state as its own shape, so it reads without colour", () => {
    const shapes = STATES.map((state) => silhouette(trayIconPng(state, 32, { template: true }), 32));
    expect(new Set(shapes).size).toBe(STATES.length);
  });

  it("makes a macOS template image of black and alpha only", () => {
    for (const state of STATES) {
      for (const row of pixels(trayIconPng(state, 32, { template: true }), 32)) {
        for (let x = 0; x < 32; x++) expect([row[x * 4], row[x * 4 + 1], row[x * 4 + 2]]).toEqual([0, 0, 0]);
      }
    }
  });

  it("still gives each state its own colour where colour is shown", () => {
    const colours = STATES.map((state) => {
      const row = pixels(trayIconPng(state, 32), 32)[4] as Buffer;
      return [...row.subarray(16 * 4, 16 * 4 + 3)].join(",");
    });
    expect(new Set(colours).size).toBe(STATES.length);
  });
});
