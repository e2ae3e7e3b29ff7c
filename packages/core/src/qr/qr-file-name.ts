import { createHash } from "node:crypto";

/** The file name the QR is uploaded under: stable per Short URL, different when it changes. */
export function qrFileName(shortUrl: string): string {
  return `qr-${createHash("sha256").update(shortUrl).digest("hex").slice(0, 12)}.png`;
}
