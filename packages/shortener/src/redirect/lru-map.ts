/**
 * A Map bounded to `maxEntries` that keeps the recently used entries, cheap enough for the redirect hot path: entries
 * live in a young and an old generation of `maxEntries / 2` each. A hit in the young one is one Map lookup (no
 * reordering, no allocation); a hit in the old one moves the entry to the young; when the young one is full it
 * becomes the old one and the old one is dropped. So anything used among the last `maxEntries / 2` distinct keys is
 * kept, and at most `maxEntries` are held (the scheme of sindresorhus/quick-lru).
 */
export class LruMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(maxEntries: number) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.admit(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return;
    }
    this.old.delete(key);
    this.admit(key, value);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private admit(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
