import { ShortenerError } from "../errors/shortener-error";

/** Header naming who makes a change (`zapier`, `linksync`, …), recorded as the link's `updatedBy`. */
export const SOURCE_HEADER = "x-linksync-source";
export const DEFAULT_SOURCE = "shortener-api";
const SOURCE = /^[a-z][a-z0-9-]{0,31}$/;

export function parseSource(header: string | string[] | undefined): string {
  if (header === undefined) return DEFAULT_SOURCE;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !SOURCE.test(value)) {
    throw new ShortenerError(
      "invalid_input",
      "X-Linksync-Source must be a short lowercase name such as zapier or linksync (letters, digits, -).",
    );
  }
  return value;
}

/**
 * The version an `If-Match` header requires: null when absent or `*`. Accepts `3`, `"3"` and `W/"3"`; anything
 * else can match no version, so it yields -1 and the update fails with 412 like any other stale version.
 */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (value === "*") return null;
  const digits = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value)?.[1];
  return digits === undefined ? -1 : Number(digits);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` of a request: null when absent; 1–255 visible ASCII characters otherwise. */
export function parseIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new ShortenerError(
      "invalid_input",
      "Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces), such as a UUID.",
    );
  }
  return header;
}
