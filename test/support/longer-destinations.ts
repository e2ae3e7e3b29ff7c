import type { Link, LinkProvider } from "@linksync/core";

/** A provider that, like Bitly (2,048) or Dub, keeps destinations longer than Notion's 2,000-character url limit. */
export interface LongerDestinations extends LinkProvider {
  /** A destination set outside Notion in that provider's own UI, of any length. */
  editOutside(linkId: string, destination: string): Promise<void>;
}

/**
 * The real shortener, with what our shortener refuses (over 2,000 characters) kept beside it, exactly as a third
 * party holding it would answer: a new version, the change listed in the feed, `updatedBy` the provider's own UI.
 * Everything else is the shortener's own answer.
 */
export function longerDestinations(inner: LinkProvider): LongerDestinations {
  const held = new Map<string, Link>();
  const view = (link: Link): Link => held.get(link.id) ?? link;
  return {
    kind: inner.kind,
    capabilities: inner.capabilities,
    create: async (input) => view(await inner.create(input)),
    get: async (id) => {
      const link = await inner.get(id);
      return link && view(link);
    },
    findByIdempotencyKey: async (key) => {
      const link = await inner.findByIdempotencyKey(key);
      return link && view(link);
    },
    async update(id, patch, options) {
      const current = held.get(id);
      if (!current) return inner.update(id, patch, options);
      if (options?.ifVersion !== undefined && options.ifVersion !== current.version) {
        return inner.update(id, patch, { ...options, ifVersion: `${options.ifVersion}-stale` });
      }
      held.delete(id);
      const { ifVersion: _held, ...rest } = options ?? {};
      return inner.update(id, patch, rest);
    },
    async changesSince(cursor) {
      const page = await inner.changesSince(cursor);
      const listed = new Set(page.links.map((l) => l.id));
      return {
        ...page,
        links: [...page.links.map(view), ...[...held.values()].filter((l) => !listed.has(l.id))],
      };
    },
    clicks: (ids) => inner.clicks(ids),
    ...(inner.publishEvent ? { publishEvent: inner.publishEvent.bind(inner) } : {}),
    async editOutside(linkId, destination) {
      const link = await inner.get(linkId);
      if (!link) throw new Error(`no link ${linkId}`);
      held.set(linkId, {
        ...link,
        destination,
        version: `${link.version}-outside`,
        updatedAt: new Date().toISOString(),
        updatedBy: "shortener-ui",
      });
    },
  };
}
