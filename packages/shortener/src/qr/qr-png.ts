import QRCode from "qrcode";

/** The size the sync contract asks for (the QR column of the Notion database). */
export const QR_SIZE_PX = 1024;

/**
 * Renders QR codes as 1024×1024 PNGs. Rendering takes tens of milliseconds, so recent images are kept; the text
 * of a short link never changes while the service runs, so a cached image never goes stale.
 */
export class QrImages {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxCached = 256) {}

  png(text: string): Promise<Buffer> {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const rendered = QRCode.toBuffer(text, {
      type: "png",
      width: QR_SIZE_PX,
      margin: 4,
      errorCorrectionLevel: "M",
    });
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(text, rendered);
    rendered.catch(() => this.cache.delete(text));
    return rendered;
  }
}
