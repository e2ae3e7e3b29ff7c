/**
 * The QR attachment's file name for a short URL. It carries a digest of the URL, so the name in Notion is the
 * shared record of which Short URL the QR encodes: any agent re-uploads exactly when the Short URL changed (or the
 * file was removed or replaced), and never because its own local state is missing. FNV-1a rather than a
 * cryptographic hash: it is computed for every row of every cycle and only has to tell short URLs apart.
 */
export function qrFileNameFor(shortUrl: string): string {
  const path = shortUrl.split(/[?#]/, 1)[0] ?? "";
  const slug = (path.slice(path.lastIndexOf("/") + 1) || "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);
  return `qr-${slug || "link"}-${fnv1a(shortUrl)}.png`;
}

/**
 * Where the Linksync shortener serves a link's QR PNG (`GET /{slug}.png`), for databases that attach the QR as an
 * external file instead of uploading it.
 */
export function qrImageUrlFor(shortUrl: string): string {
  return `${shortUrl.split(/[?#]/, 1)[0] ?? shortUrl}.png`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
