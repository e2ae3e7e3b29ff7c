import type { LinkRecord } from "../store/store";
import { appendParams } from "../utm/utm-template";
import type { AccountTemplates } from "../utm/utm-templates";
import { LruMap } from "./lru-map";

export const DEFAULT_REDIRECT_CACHE_SIZE = 100_000;

/**
 * What a redirect needs, resolved once, and nothing more (a cache of 100,000 entries is held for good): the link to
 * count the click on, the account whose UTM templates went into the 302 target, and that target. The whole link
 * record (title, tags, dates, external id…) made an entry about 1 KB.
 */
export interface ResolvedRedirect {
  readonly linkId: string;
  readonly accountId: string;
  readonly location: string;
  /** The generation of the account's UTM templates `location` was computed with (see `UtmTemplates`). */
  readonly templatesGeneration: number;
}

/** The cache entry of `link`: its 302 target computed with the account's current templates. */
export function resolveRedirect(link: LinkRecord, templates: AccountTemplates): ResolvedRedirect {
  return {
    linkId: link.id,
    accountId: link.accountId,
    location: appendParams(new URL(link.destination), templates.paramsFor(link)),
    templatesGeneration: templates.generation,
  };
}

/**
 * The redirect path's cache: slug → resolved redirect, bounded (`LruMap`), filled from an indexed lookup. An edit
 * evicts its slug here at once and on every other instance through NOTIFY (`start-shortener.ts`); a resolution that
 * was in flight while any eviction happened is not kept, so a read racing an edit can never pin the old destination.
 */
export class RedirectCache {
  private readonly entries: LruMap<string, ResolvedRedirect>;
  private epoch = 0;

  constructor(maxEntries = DEFAULT_REDIRECT_CACHE_SIZE) {
    this.entries = new LruMap(maxEntries);
  }

  get(slug: string): ResolvedRedirect | undefined {
    return this.entries.get(slug);
  }

  /**
   * Resolves a slug the cache cannot answer (`resolve` reads the database) and keeps the answer unless an eviction
   * happened meanwhile.
   */
  async resolve(
    slug: string,
    resolve: (slug: string) => Promise<ResolvedRedirect | null>,
  ): Promise<ResolvedRedirect | null> {
    const epoch = this.epoch;
    const resolved = await resolve(slug);
    if (resolved && epoch === this.epoch) this.entries.set(slug, resolved);
    return resolved;
  }

  evict(slug: string): void {
    this.epoch += 1;
    this.entries.delete(slug);
  }

  /** When notifications may have been missed (the listening connection dropped). */
  clear(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
