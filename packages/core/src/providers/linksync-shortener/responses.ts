import { type ChangeSource, type Link, ProviderError } from "../link-provider";

/**
 * Checks every response body of the shortener before Linksync uses it, so a broken or foreign server yields a
 * `malformed_response` error instead of bad data written to Notion.
 */

const CHANGE_SOURCES: readonly ChangeSource[] = [
  "linksync",
  "zapier",
  "desktop",
  "shortener-api",
  "shortener-ui",
  "unknown",
];

export interface FeedPage {
  readonly links: readonly Link[];
  readonly cursor: string;
  readonly hasMore: boolean;
}

export function parseLink(value: unknown): Link {
  const link = object(value, "link");
  const externalId = link.externalId;
  const updatedBy = string(link.updatedBy, "link.updatedBy");
  return {
    id: string(link.id, "link.id"),
    shortUrl: url(link.shortUrl, "link.shortUrl"),
    slug: string(link.slug, "link.slug"),
    destination: string(link.destination, "link.destination"),
    tags: array(link.tags, "link.tags").map((tag) => string(tag, "link.tags[]")),
    externalId: externalId === null ? null : string(externalId, "link.externalId"),
    version: string(link.version, "link.version"),
    updatedAt: timestamp(link.updatedAt, "link.updatedAt"),
    updatedBy: CHANGE_SOURCES.find((source) => source === updatedBy) ?? "unknown",
  };
}

export function parseLinkList(value: unknown): Link[] {
  return array(object(value, "response").links, "links").map(parseLink);
}

export function parseFeedPage(value: unknown): FeedPage {
  const page = object(value, "response");
  const hasMore = page.hasMore;
  if (typeof hasMore !== "boolean") throw malformed("hasMore is not a boolean");
  return { links: parseLinkList(value), cursor: string(page.cursor, "cursor"), hasMore };
}

export function parseClickCounts(value: unknown): Map<string, number> {
  const clicks = object(object(value, "response").clicks, "clicks");
  const counts = new Map<string, number>();
  for (const [id, tally] of Object.entries(clicks)) {
    const count = object(tally, `clicks.${id}`).count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      throw malformed(`clicks.${id}.count is not a count`);
    }
    counts.set(id, count);
  }
  return counts;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw malformed(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(`${what} is not an array`);
  return value;
}

function string(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw malformed(`${what} is not a non-empty string`);
  return value;
}

function url(value: unknown, what: string): string {
  const text = string(value, what);
  if (!URL.canParse(text)) throw malformed(`${what} is not a URL`);
  return text;
}

function timestamp(value: unknown, what: string): string {
  const text = string(value, what);
  if (Number.isNaN(Date.parse(text))) throw malformed(`${what} is not a timestamp`);
  return text;
}

function malformed(why: string): ProviderError {
  return new ProviderError(
    "malformed_response",
    `The shortener sent an unexpected response (${why}). Check that the base URL points to a Linksync shortener.`,
  );
}
