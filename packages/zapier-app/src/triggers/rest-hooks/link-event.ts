import { type Delivery, isObject } from "./delivery";

/** The link a `link.created` / `link.updated` delivery carries (the shortener's link view). */
export interface DeliveredLink {
  readonly id: string;
  readonly shortUrl: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly externalId: string | null;
  readonly version: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function deliveredLink(delivery: Delivery | null): DeliveredLink | null {
  const link = delivery?.data.link;
  if (!isObject(link) || typeof link.id !== "string" || typeof link.shortUrl !== "string") return null;
  return {
    id: link.id,
    shortUrl: link.shortUrl,
    destination: typeof link.destination === "string" ? link.destination : "",
    tags: Array.isArray(link.tags) ? link.tags.filter((tag): tag is string => typeof tag === "string") : [],
    externalId: typeof link.externalId === "string" ? link.externalId : null,
    version: typeof link.version === "string" ? link.version : "",
    updatedAt: typeof link.updatedAt === "string" ? link.updatedAt : "",
    updatedBy: typeof link.updatedBy === "string" ? link.updatedBy : "unknown",
  };
}
