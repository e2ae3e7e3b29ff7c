import type { LinkRecord } from "../store/store";

/** A link as the API returns it. */
export interface LinkView {
  readonly id: string;
  readonly slug: string;
  readonly shortUrl: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly title: string | null;
  readonly externalId: string | null;
  /** Opaque to clients: send it back in `If-Match` to update only if nobody changed the link meanwhile. */
  readonly version: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** `brandedBaseUrl` has no trailing slash. */
export function shortUrlOf(brandedBaseUrl: string, slug: string): string {
  return `${brandedBaseUrl}/${slug}`;
}

export function toLinkView(link: LinkRecord, brandedBaseUrl: string): LinkView {
  return {
    id: link.id,
    slug: link.slug,
    shortUrl: shortUrlOf(brandedBaseUrl, link.slug),
    destination: link.destination,
    tags: link.tags,
    title: link.title,
    externalId: link.externalId,
    version: String(link.version),
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
    updatedBy: link.updatedBy,
  };
}
