import { createHash } from "node:crypto";

/**
 * The QR attachment's file name for a short URL. It carries a digest of the URL, so the name in Notion is the
 * shared record of which Short URL the QR encodes: any agent re-uploads exactly when the Short URL changed (or the
 * file was removed or replaced), and never because its own local state is missing.
 */
export function qrFileNameFor(shortUrl: string): string {
  const slug = (new URL(shortUrl).pathname.split("/").pop() ?? "")
    .replace(/[^A-Za-z0-9_-]/g, "")
    .slice(0, 40);
  const digest = createHash("sha256").update(shortUrl).digest("hex").slice(0, 8);
  return `qr-${slug || "link"}-${digest}.png`;
}
