import { MAX_SLUG_LENGTH } from "../links/slug";

/**
 * The regular expression Notion matches pasted URLs against, with the slug as a named group. One pattern serves
 * both the dashboard setting and our reading of the URIs Notion sends, so they cannot disagree.
 */
export function shortLinkPattern(brandedBaseUrl: string): RegExp {
  const base = new URL(brandedBaseUrl);
  const path = base.pathname.replace(/\/+$/, "");
  return new RegExp(
    `^https?://${escapeRegExp(base.host)}${escapeRegExp(path)}/(?<slug>[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_SLUG_LENGTH - 1}})/?(?:[?#].*)?$`,
  );
}

/** The slug of a short link URL on our domain, or null for any other URL. */
export function slugOfShortUrl(pattern: RegExp, uri: string): string | null {
  return pattern.exec(uri)?.groups?.slug ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
