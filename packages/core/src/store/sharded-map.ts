/** Shards: with 100,000 rows each holds about 1,600, with a million about 16,000. */
const SHARDS = 64;

/**
 * A string-keyed map split over 64 small `Map`s. A `Map` grows by copying every entry into a table twice as large,
 * in one go: past 65,536 entries that single `set` blocks the event loop for milliseconds (about 3 ms at 65,536,
 * 20 ms at 131,072 on the dev machine), and a state store with 100,000 rows would stall at the very row that
 * crosses the line. Split, each shard grows in steps too small to notice, so a write costs the same at 10,000 rows
 * as at 100,000. Iteration goes shard by shard (insertion order within a shard only).
 */
export class ShardedMap<V> implements ReadonlyMap<string, V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  constructor(entries: Iterable<readonly [string, V]> = []) {
    for (const [key, value] of entries) this.set(key, value);
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shardOf(key).get(key);
  }

  has(key: string): boolean {
    return this.shardOf(key).has(key);
  }

  set(key: string, value: V): this {
    const shard = this.shardOf(key);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const deleted = this.shardOf(key).delete(key);
    if (deleted) this.count--;
    return deleted;
  }

  *entries(): MapIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  *keys(): MapIterator<string> {
    for (const shard of this.shards) yield* shard.keys();
  }

  *values(): MapIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** FNV-1a over the key's last 8 characters: ids (UUIDs, link ids) differ most at their end. */
  private shardOf(key: string): Map<string, V> {
    let hash = 0x811c9dc5;
    for (let i = Math.max(0, key.length - 8); i < key.length; i++) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return this.shards[(hash >>> 0) % SHARDS] as Map<string, V>;
  }
}
