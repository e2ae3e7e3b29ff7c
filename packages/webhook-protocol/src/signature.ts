import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The `Linksync-Signature` wire format, shared by every Linksync webhook sender (the engine and the shortener):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed by the subscription's secret. Core and the
 * shortener are independent services that may not import each other, so the format lives in this leaf package
 * both depend on, and one receiver verifies deliveries from either with the same code.
 */
export const LINKSYNC_SIGNATURE_HEADER = "Linksync-Signature";

/** Receivers refuse signatures older (or newer) than this, so a captured delivery cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signLinksyncPayload(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

export interface VerifyLinksyncSignatureOptions {
  readonly toleranceSeconds?: number;
  /** Epoch ms; defaults to the current time. */
  readonly now?: number;
}

/**
 * Checks a `Linksync-Signature` header against the raw body (the bytes received, before any JSON parsing) and the
 * secret, in constant time. True only when one `v1` signature matches and `t` is within the tolerance.
 */
export function verifyLinksyncSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyLinksyncSignatureOptions = {},
): boolean {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = parts.find(([key]) => key === "t")?.[1];
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSeconds > (options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const body = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8");
  const expected = Buffer.from(hmacHex(secret, Number(timestamp), body), "hex");
  return parts.some(([key, value]) => {
    if (key !== "v1" || value === undefined || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, "hex"), expected);
  });
}

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}
