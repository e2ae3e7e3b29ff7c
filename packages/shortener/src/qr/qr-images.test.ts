import { renderQrPng } from "@linksync/qr-png";
import { describe, expect, it } from "vitest";
import { QrImages } from "./qr-images";

describe("QrImages", () => {
  it("serves the short URL's QR PNG and the same buffer again while it is cached", async () => {
    const images = new QrImages();
    const first = await images.png("https://go.acme.com/a");
    expect(first.equals(await renderQrPng("https://go.acme.com/a"))).toBe(true);
    expect(await images.png("https://go.acme.com/a")).toBe(first);
  });

  it("forgets the oldest image once it holds its maximum", async () => {
    const images = new QrImages(2);
    const a = await images.png("https://go.acme.com/a");
    const b = await images.png("https://go.acme.com/b");
    await images.png("https://go.acme.com/c");
    expect(await images.png("https://go.acme.com/b")).toBe(b);
    const again = await images.png("https://go.acme.com/a");
    expect(again).not.toBe(a);
    expect(again.equals(a)).toBe(true);
  });
});
