import { createHash } from "node:crypto";
import QRCode from "qrcode";

export const QR_SIZE_PX = 1024;

/** Standard quiet zone is 4 modules; 5 and 6 are fallbacks for symbol sizes where 4 would round the image to 1023 px. */
const QUIET_ZONES = [4, 5, 6] as const;

/** Comfortably inside what a version 40 symbol holds at level M, and longer than any short URL. */
const MAX_TEXT_LENGTH = 2048;

export type QrErrorCode = "qr_input_invalid";

export class QrError extends Error {
  override readonly name = "QrError";
  constructor(
    readonly code: QrErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The QR column's image: a 1024×1024 PNG encoding `shortUrl`, black on white, error correction M (survives print
 * smudges and small logos). Deterministic: the same URL always yields the same bytes, so an unchanged Short URL never
 * causes a re-upload.
 */
export async function renderQrPng(shortUrl: string): Promise<Buffer> {
  if (!/^https?:\/\/\S+$/.test(shortUrl) || shortUrl.length > MAX_TEXT_LENGTH) {
    throw new QrError(
      "qr_input_invalid",
      `Cannot draw a QR code for "${shortUrl.slice(0, 80)}": a Short URL must be an absolute http(s) URL of at most ${MAX_TEXT_LENGTH} characters.`,
    );
  }
  const errorCorrectionLevel = "M";
  const modules = QRCode.create(shortUrl, { errorCorrectionLevel }).modules.size;
  return QRCode.toBuffer(shortUrl, {
    type: "png",
    errorCorrectionLevel,
    width: QR_SIZE_PX,
    margin: quietZoneFor(modules),
    color: { dark: "#000000ff", light: "#ffffffff" },
  });
}

/** The file name the QR is uploaded under: stable per Short URL, different when it changes. */
export function qrFileName(shortUrl: string): string {
  return `qr-${createHash("sha256").update(shortUrl).digest("hex").slice(0, 12)}.png`;
}

/** qrcode scales by width / (modules + 2·margin) and floors the result; pick a margin that lands exactly on 1024. */
function quietZoneFor(modules: number): number {
  const fits = QUIET_ZONES.find((margin) => {
    const span = modules + 2 * margin;
    return Math.floor(span * (QR_SIZE_PX / span)) === QR_SIZE_PX;
  });
  return fits ?? QUIET_ZONES[0];
}
