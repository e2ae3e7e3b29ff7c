import type { LinkRecord } from "../store/store";
import { LruMap } from "./lru-map";

export const DEFAULT_REDIRECT_CACHE_SIZE = 100_000;

/**
 * The redirect path's read-through cache: slug → link, bounded (least recently used dropped), filled by an indexed
 * lookup. An edit evicts its slug here at once and on every other instance through NOTIFY. A lookup that was in
 * flight while any eviction happened is not cached, so a read racing an edit can never pin the old destination.
 */
export class SlugCache {
  private readonly entries: LruMap<string, LinkRecord>;
  private epoch = 0;

  constructor(maxEntries = DEFAULT_REDIRECT_CACHE_SIZE) {
    this.entries = new LruMap(maxEntries);
  }

  async lookup(slug: string, load: (slug: string) => Promise<LinkRecord | null>): Promise<LinkRecord | null> {
    const hit = this.entries.get(slug);
    if (hit) return hit;
    const epoch = this.epoch;
    const link = await load(slug);
    if (link && epoch === this.epoch) this.entries.set(slug, link);
    return link;
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
