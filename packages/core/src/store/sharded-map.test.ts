import { describe, expect, it } from "vitest";
import { ShardedMap } from "./sharded-map";

describe("ShardedMap", () => {
  it("behaves as a string-keyed map: set, replace, get, has, delete, size and iteration", () => {
    const map = new ShardedMap<number>([["a", 1]]);
    for (let i = 0; i < 1_000; i++) map.set(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, i);
    map.set("a", 2);
    expect(map.size).toBe(1_001);
    expect(map.get("a")).toBe(2);
    expect(map.has("00000000-0000-4000-8000-000000000999")).toBe(true);
    expect(map.delete("a")).toBe(true);
    expect(map.delete("a")).toBe(false);
    expect(map.size).toBe(1_000);
    expect([...map.values()].sort((x, y) => x - y)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(new Map(map).size).toBe(1_000);
    let seen = 0;
    map.forEach(() => {
      seen++;
    });
    expect(seen).toBe(1_000);
  });
});
