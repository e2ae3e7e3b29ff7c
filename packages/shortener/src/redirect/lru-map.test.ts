import { describe, expect, it } from "vitest";
import { LruMap } from "./lru-map";

describe("LruMap", () => {
  it("never holds more than its bound, and keeps what was used recently", () => {
    const map = new LruMap<number, string>(100);
    for (let i = 0; i < 1000; i++) {
      map.set(i, `v${i}`);
      // Key 0 is read all along: it is never the one dropped.
      expect(map.get(0)).toBe("v0");
      expect(map.size).toBeLessThanOrEqual(100);
    }
    for (let i = 950; i < 1000; i++) expect(map.get(i)).toBe(`v${i}`);
    expect(map.get(500)).toBeUndefined();
  });

  it("replaces, deletes and clears in both generations", () => {
    const map = new LruMap<string, number>(4);
    map.set("a", 1);
    map.set("b", 2);
    map.set("c", 3); // "a" and "b" are now the old generation
    map.set("a", 10);
    expect(map.get("a")).toBe(10);
    map.delete("b");
    expect(map.get("b")).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get("c")).toBeUndefined();
  });
});
