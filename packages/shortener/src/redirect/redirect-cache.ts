import type { LinkRecord } from "../store/store";
import { LruMap } from "./lru-map";

export const DEFAULT_REDIRECT_CACHE_SIZE = 100_000;

/** What a redirect needs, resolved once: the link and its 302 target with the account's UTM parameters. */
export interface ResolvedRedirect {
  readonly link: LinkRecord;
  readonly location: string;
  /** The generation of the account's UTM templates `location` was computed with (see `UtmTemplates`). */
  readonly templatesGeneration: number;
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
