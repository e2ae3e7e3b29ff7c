import type { LinkRecord } from "../store/store";
import { LruMap } from "./lru-map";

/**
 * Remembers the redirect target of each link, so the hot path skips URL parsing and UTM expansion. An entry is
 * used only while the link's version and its account's UTM templates' generation are the ones it was computed
 * for, so an edit applies to the very next redirect without any invalidation call. Bounded like the slug cache.
 */
export class LocationCache {
  private readonly entries: LruMap<
    string,
    { readonly version: number; readonly generation: number; readonly location: string }
  >;

  constructor(maxEntries = 100_000) {
    this.entries = new LruMap(maxEntries);
  }

  location(link: LinkRecord, templatesGeneration: number, compute: () => string): string {
    const cached = this.entries.get(link.id);
    if (cached && cached.version === link.version && cached.generation === templatesGeneration) {
      return cached.location;
    }
    const location = compute();
    this.entries.set(link.id, { version: link.version, generation: templatesGeneration, location });
    return location;
  }
}
