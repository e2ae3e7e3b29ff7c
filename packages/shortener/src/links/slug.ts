import { randomInt } from "node:crypto";

/** Digits and letters without the look-alikes 0/O/o and 1/l/I, so a slug read aloud or printed is typed right. */
export const SLUG_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
/** 56^7 ≈ 1.7 × 10^12 slugs: random slugs are not guessable by walking through them. */
export const RANDOM_SLUG_LENGTH = 7;
export const MAX_SLUG_LENGTH = 64;

/** Paths the service itself serves; a slug may not shadow them. */
const RESERVED_SLUGS = new Set(["api", "health", "ready", "metrics"]);
const CUSTOM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function randomSlug(length = RANDOM_SLUG_LENGTH): string {
  let slug = "";
  for (let i = 0; i < length; i++) slug += SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)];
  return slug;
}

/** Why a requested custom slug cannot be used, or null when it can. */
export function customSlugProblem(slug: string): string | null {
  if (slug.length === 0 || slug.length > MAX_SLUG_LENGTH) {
    return `Slug must be 1 to ${MAX_SLUG_LENGTH} characters long (got ${slug.length}).`;
  }
  if (!CUSTOM_SLUG.test(slug)) {
    return `Slug "${slug}" may only contain letters, digits, "-" and "_", and must start with a letter or digit.`;
  }
  if (RESERVED_SLUGS.has(slug.toLowerCase()))
    return `Slug "${slug}" is reserved by the shortener; choose another.`;
  return null;
}

/** True when `path` (without the leading "/") could be a slug, so redirects skip a lookup for anything else. */
export function looksLikeSlug(path: string): boolean {
  return path.length > 0 && path.length <= MAX_SLUG_LENGTH && CUSTOM_SLUG.test(path);
}
