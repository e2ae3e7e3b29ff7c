import { renderQrPng } from "@linksync/qr-png";

/** Keeps the images of recently asked short URLs; a short URL's text never changes while the service runs. */
export class QrImages {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly maxCached = 256) {}

  async png(shortUrl: string): Promise<Buffer> {
    const cached = this.cache.get(shortUrl);
    if (cached) return cached;
    const rendered = await renderQrPng(shortUrl);
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(shortUrl, rendered);
    return rendered;
  }
}
