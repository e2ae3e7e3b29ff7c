import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The engine
 * signs its own webhooks the same way in a twin of this module (core and the shortener may not import each
 * other), so one receiver verifies both: change the format in both places or in neither.
 */
export const SIGNATURE_HEADER = "Linksync-Signature";

/** Receivers refuse signatures older (or newer) than this, so a captured delivery cannot be replayed later. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signLinksyncPayload(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

export interface VerifyOptions {
  readonly toleranceSeconds?: number;
  /** Epoch ms; defaults to the current time. */
  readonly now?: number;
}

/**
 * Checks a `Linksync-Signature` header against the raw request body (the bytes received, before any JSON parsing)
 * and the subscription's secret. True only when one `v1` signature matches and `t` is within the tolerance.
 */
export function verifyLinksyncSignature(
  rawBody: string | Buffer,
  header: string | undefined | null,
  secret: string,
  options: VerifyOptions = {},
): boolean {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = parts.find(([key]) => key === "t")?.[1];
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSeconds > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  const expected = Buffer.from(hmacHex(secret, Number(timestamp), body), "hex");
  return parts.some(([key, value]) => {
    if (key !== "v1" || value === undefined || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, "hex"), expected);
  });
}

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}
